"""Build the one-folder bundle (Windows or Linux) and, on Windows with Inno Setup, the installer.

    uv run --group build python packaging/build.py [--installer]

Prints the bundle's size; the target is under 150 MB unpacked on Linux.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description="Đóng gói CCHC Desktop")
    parser.add_argument(
        "--installer", action="store_true", help="tạo bộ cài bằng Inno Setup (Windows)"
    )
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
         "--workpath", str(ROOT / "build"), str(ROOT / "packaging" / "cchc-desktop.spec")],
        check=True,
    )  # fmt: skip
    bundle = DIST / "cchc-desktop"
    size = folder_size(bundle)
    print(
        f"Bundle: {bundle} — {size / 1024 / 1024:.1f} MB ({sum(1 for _ in bundle.rglob('*'))} files)"
    )
    if args.installer:
        iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
        from importlib.metadata import version

        subprocess.run([iscc, f"/DAppVersion={version('cchc-desktop')}", str(ROOT / "packaging" / "installer.iss")],
                       check=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
