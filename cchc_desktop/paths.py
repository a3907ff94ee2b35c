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
