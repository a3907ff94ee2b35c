"""The PDF's serif: Times New Roman where the PC has it (Nghị định 30 names it), else the
bundled Liberation Serif.

Rule checked here: the four Times New Roman files are looked up in %WINDIR%\\Fonts (times.ttf,
timesbd.ttf, timesi.ttf, timesbi.ttf); when all four are there and hold the Vietnamese letters,
the PDF embeds them; otherwise, or when WINDIR is unset (not Windows), the bundled serif.
The test stands in for Windows with a temporary WINDIR holding copies of the bundled fonts
under Times' file names, their internal name changed so the PDF shows which files it used.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from cchc_desktop.reports import fonts
from cchc_desktop.resources import font_paths


def fake_windows(root: Path, *, styles=tuple(fonts.TIMES_FILES), upper: bool = False) -> Path:
    """``root/Fonts`` with the bundled faces saved as ``times.ttf``…, named TimesNewRomanPS."""
    folder = root / "Fonts"
    folder.mkdir(parents=True)
    for style in styles:
        data = font_paths()[style].read_bytes()
        for encode in (lambda t: t.encode("ascii"), lambda t: t.encode("utf-16-be")):
            data = data.replace(encode("LiberationSerif"), encode("TimesNewRomanPS"))  # same length
        name = fonts.TIMES_FILES[style]
        (folder / (name.upper() if upper else name)).write_bytes(data)
    return root


@pytest.fixture(autouse=True)
def _fresh_fonts(monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("SYSTEMROOT", raising=False)
    fonts.register_fonts.cache_clear()
    yield
    fonts.register_fonts.cache_clear()  # the next test registers for its own PC


def pdf_fonts(path: Path) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def write_plan_pdf(tmp_path: Path) -> Path:
    from cchc_desktop.core.models import Office
    from cchc_desktop.reports.exports import export_plan
    from cchc_desktop.store.store import Store

    store = Store.open(tmp_path / "data" / "cchc.sqlite3")
    try:
        store.org.set_office(Office("UBND huyện Vĩnh Lộc", "UBND tỉnh Thanh Hóa", "Vĩnh Lộc", ""))
        pid = store.catalogue.add_plan(2024, "Tuyên truyền cải cách hành chính năm 2024")
        store.catalogue.add_task(pid, None, "Hội nghị quán triệt", timeline="Quý I/2024")
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        return export_plan(store, pid, ["pdf"], out)[0]
    finally:
        store.close()


def test_the_pdf_uses_times_new_roman_where_windows_has_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WINDIR", str(fake_windows(tmp_path / "Windows")))
    family, shown, _faces = fonts.chosen_fonts()
    assert (family, shown) == (fonts.TIMES_FAMILY, "Times New Roman")
    used = pdf_fonts(write_plan_pdf(tmp_path))
    assert used and all(name.startswith("TimesNewRomanPS") for name in used), used
    assert {"TimesNewRomanPS", "TimesNewRomanPS-Bold"} <= used


def test_file_names_in_upper_case_are_found(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SYSTEMROOT", str(fake_windows(tmp_path / "WINDOWS", upper=True)))
    assert fonts.chosen_fonts()[1] == "Times New Roman"


def test_without_times_the_bundled_serif(tmp_path: Path, monkeypatch) -> None:
    assert fonts.windows_fonts_dir() is None  # not Windows
    assert fonts.chosen_fonts()[1] == "Liberation Serif"
    used = pdf_fonts(write_plan_pdf(tmp_path))
    assert used and all(name.startswith("LiberationSerif") for name in used), used


def test_an_incomplete_or_damaged_times_falls_back(tmp_path: Path, monkeypatch) -> None:
    root = fake_windows(tmp_path / "a", styles=("regular", "bold", "italic"))  # no bold italic
    monkeypatch.setenv("WINDIR", str(root))
    assert fonts.chosen_fonts()[1] == "Liberation Serif"
    broken = fake_windows(tmp_path / "b")
    (broken / "Fonts" / "timesbd.ttf").write_bytes(b"not a font")
    monkeypatch.setenv("WINDIR", str(broken))
    assert fonts.chosen_fonts()[1] == "Liberation Serif"
