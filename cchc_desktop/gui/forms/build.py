"""Compile every ``ui/*.ui`` Designer form into ``cchc_desktop/gui/forms/ui_<name>.py``.

Run ``uv run python -m cchc_desktop.gui.forms.build`` after editing a form; the generated
modules are committed, and ``tests/test_ui_forms.py`` fails when one is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FORMS_DIR = Path(__file__).resolve().parent
UI_DIR = FORMS_DIR.parents[2] / "ui"


def _uic() -> list[str]:
    exe = Path(sys.executable).parent / "pyside6-uic"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise RuntimeError("Không tìm thấy pyside6-uic (cài PySide6-Essentials).")


def compile_ui(path: Path) -> str:
    """The Python source pyside6-uic makes of ``path`` (with the tool's version line dropped)."""
    out = subprocess.run(
        [*_uic(), "--generator", "python", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return strip_version(out)


def strip_version(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if "Created by: Qt User Interface" not in line) + "\n"


def target_for(path: Path) -> Path:
    return FORMS_DIR / f"ui_{path.stem}.py"


def main() -> int:
    for ui in sorted(UI_DIR.glob("*.ui")):
        target = target_for(ui)
        target.write_text(compile_ui(ui), encoding="utf-8")
        print(f"{ui.name} -> {target.relative_to(FORMS_DIR.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
