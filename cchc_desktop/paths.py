"""Where the user's data lives: the platform's user data folder, or ``--data-dir``."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

from cchc_desktop.store.database import DB_FILENAME

APP_NAME = "CCHC Desktop"


def default_data_dir() -> Path:
    """The platform's per-user data folder (e.g. ``%LOCALAPPDATA%\\CCHC Desktop``)."""
    return user_data_path(APP_NAME, appauthor=False, roaming=False)


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder in use: ``override`` (``--data-dir``) or the platform default."""
    return Path(override).expanduser().resolve() if override else default_data_dir()


def database_path(folder: Path) -> Path:
    return folder / DB_FILENAME


def data_location_text(db_path: Path | str | None) -> str:
    """Where the data lives, said for the first run and Cài đặt: per Windows account, in the
    user's own folder (``%LOCALAPPDATA%``), not beside the program."""
    if db_path is None or str(db_path) == ":memory:":
        return "Dữ liệu đang mở chỉ nằm trong bộ nhớ (chế độ thử), không được lưu."
    folder = Path(db_path).parent
    return (
        f"Dữ liệu của cơ quan lưu tại {folder}, riêng cho tài khoản Windows đang dùng "
        "(thư mục %LOCALAPPDATA%, không phải thư mục cài chương trình): tài khoản Windows khác "
        "trên cùng máy không thấy dữ liệu này; cài lại hay gỡ chương trình không xóa nó. "
        "Hãy sao lưu định kỳ ra USB hoặc thư mục khác (Cài đặt → Sao lưu, khôi phục)."
    )
