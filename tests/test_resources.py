"""Shipped resources (fonts, icons, stylesheet) are found the same way however the program runs.

Three layouts: a source checkout (``<repo>/resources``), an installed wheel (the build puts
them in ``cchc_desktop/resources``) and a PyInstaller bundle (``sys._MEIPASS/resources`` or
``<exe folder>/_internal/resources``).  No Qt here: the reports need the fonts without a GUI.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from cchc_desktop import resources

REPO = Path(__file__).resolve().parent.parent
SOURCE_RESOURCES = REPO / "resources"
VIETNAMESE = "ộữựẫĐđằỹ" + "ăâêôơưĂÂÊÔƠƯ" + "ảạấầẩậắẳặẻẽẹếềểễệỉịỏọốồổỗớờởỡợủụứừửữỳỵỷ"
TOOLBAR_ICONS = [
    "add",
    "add-section",
    "delete",
    "edit",
    "up",
    "down",
    "indent",
    "outdent",
    "undo",
    "redo",
    "plan",
    "units",
    "catalogue",
    "copy",
    "search",
    "settings",
]
SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(autouse=True)
def _fresh_lookup():
    """``resources_dir`` is cached; every test starts and ends with a fresh lookup."""
    resources.resources_dir.cache_clear()
    yield
    resources.resources_dir.cache_clear()


def _load_copy(package_dir: Path, name: str):
    """Import a copy of ``cchc_desktop/resources.py`` placed in ``package_dir``."""
    package_dir.mkdir(parents=True, exist_ok=True)
    module_file = package_dir / "resources.py"
    shutil.copy2(resources.__file__, module_file)
    spec = importlib.util.spec_from_file_location(name, module_file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- source checkout


def test_source_checkout_finds_resources(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert resources.resources_dir() == SOURCE_RESOURCES.resolve()
    assert resources.resource_path("styles", "app.qss").is_file()
    assert resources.icon_path("app") == SOURCE_RESOURCES.resolve() / "icons" / "app.svg"


def test_font_paths_are_the_four_styles():
    paths = resources.font_paths()
    assert set(paths) == {"regular", "bold", "italic", "bolditalic"}
    for style, path in paths.items():
        assert path.is_file(), style
        assert path.name.startswith("LiberationSerif-")
    assert (SOURCE_RESOURCES / "fonts" / "LICENSE-LiberationSerif.txt").is_file()


@pytest.mark.parametrize("style", ["regular", "bold", "italic", "bolditalic"])
def test_fonts_cover_vietnamese(style):
    face = TTFont(f"check-{style}", str(resources.font_paths()[style])).face
    missing = [ch for ch in VIETNAMESE if ord(ch) not in face.charToGlyph]
    assert missing == []


def test_license_is_the_ofl():
    text = (SOURCE_RESOURCES / "fonts" / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in text or "SIL-OFL-1.1" in text


# ---------------------------------------------------------------- icons and stylesheet


@pytest.mark.parametrize("name", TOOLBAR_ICONS)
def test_toolbar_icons_are_small_svgs(name):
    path = resources.icon_path(name)
    root = ElementTree.parse(path).getroot()
    assert root.tag == SVG
    assert root.get("viewBox") == "0 0 24 24"
    assert path.stat().st_size < 2000


def test_application_icon_in_every_format():
    root = ElementTree.parse(resources.icon_path("app")).getroot()
    assert root.tag == SVG

    png = resources.resource_path("icons", "app.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)

    ico = resources.resource_path("icons", "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}  # width byte 0 means 256
    assert {16, 32, 48, 256} <= sizes


def test_stylesheet_names_the_styled_widgets():
    qss = resources.stylesheet()
    for selector in (
        "QListWidget#navigation",
        "QListWidget#navigation::item:selected",
        "QLabel#timelineUnderstood",
        "QLabel#timelineUnknown",
        "QLabel#pageTitle",
        "QLabel#banner",
        ":focus",
    ):
        assert selector in qss
    assert "font-family" not in qss  # families are set in code (bundled serif fallback)
    # given to single widgets (gui/theme.py), so every rule must name its widget
    body = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", body) for s in rule.split(",")]
    assert selectors and all("#" in s for s in selectors), selectors


# ---------------------------------------------------------------- installed wheel


def test_wheel_layout_uses_package_internal_resources(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    package = tmp_path / "site-packages" / "cchc_desktop"
    shutil.copytree(SOURCE_RESOURCES, package / "resources")
    module = _load_copy(package, "fake_wheel_resources")

    assert module.resources_dir() == (package / "resources").resolve()
    assert module.font_paths()["bold"].is_file()
    assert module.icon_path("plan").is_file()
    assert "QLabel#pageTitle" in module.stylesheet()


def test_nothing_found_names_every_place_searched(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    package = tmp_path / "empty" / "cchc_desktop"
    module = _load_copy(package, "fake_empty_resources")

    with pytest.raises(RuntimeError) as err:
        module.resources_dir()
    message = str(err.value)
    assert str(package.resolve() / "resources") in message
    assert str(package.resolve().parent / "resources") in message


def test_uv_built_wheel_holds_the_resources(tmp_path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    done = subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cchc_desktop/resources/fonts/LiberationSerif-Regular.ttf" in names
    assert "cchc_desktop/resources/icons/app.svg" in names
    assert "cchc_desktop/resources/styles/app.qss" in names
    assert "cchc_desktop/resources.py" in names


# ---------------------------------------------------------------- PyInstaller bundle


def _bundle(folder: Path) -> Path:
    (folder / "fonts").mkdir(parents=True)
    (folder / "styles").mkdir()
    (folder / "styles" / "app.qss").write_text("/* bundled */", encoding="utf-8")
    return folder


def test_frozen_bundle_uses_meipass_first(tmp_path, monkeypatch):
    bundled = _bundle(tmp_path / "_MEI12345" / "resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_MEI12345"), raising=False)

    assert resources.resources_dir() == bundled
    assert resources.stylesheet() == "/* bundled */"
    assert resources.font_paths()["regular"] == bundled / "fonts" / "LiberationSerif-Regular.ttf"


def test_frozen_onedir_without_meipass_uses_internal_folder(tmp_path, monkeypatch):
    dist = tmp_path / "CCHC Desktop"
    bundled = _bundle(dist / "_internal" / "resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(dist / "CCHC Desktop.exe"))

    assert resources.resources_dir() == bundled.resolve()


def test_frozen_without_bundle_falls_back_to_package(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "missing"), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))

    assert resources.resources_dir() == SOURCE_RESOURCES.resolve()
