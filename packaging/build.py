"""Build the one-folder bundle (Windows or Linux) and, on Windows with Inno Setup, the installer.

    uv run --group build python packaging/build.py [--installer]

Prints the bundle's size; the target is under 150 MB unpacked on Linux.

Code signing (Windows): when the environment variable ``CCHC_SIGN_CERT`` names a certificate,
either a ``.pfx`` file (its password in ``CCHC_SIGN_PASSWORD``) or the SHA-1 thumbprint of one
in the Windows certificate store (a hardware token), ``cchc-desktop.exe`` is signed with
``signtool`` (from the Windows SDK; ``CCHC_SIGNTOOL`` may name it) and time-stamped
(``CCHC_SIGN_TIMESTAMP``, default DigiCert's server), and Inno Setup signs the installer and
the uninstaller with the same command.  Without the variable the build says so and goes on
unsigned.  No UPX anywhere: packed executables are what antivirus products flag most.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
SIGN_CERT = "CCHC_SIGN_CERT"
DEFAULT_TIMESTAMP = "http://timestamp.digicert.com"
INNO_MINIMUM = "6.3"


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def signtool_command(env: dict[str, str] | None = None) -> list[str] | None:
    """``signtool sign …`` without the file to sign, or None when no certificate is named."""
    env = dict(os.environ if env is None else env)
    cert = env.get(SIGN_CERT, "").strip()
    if not cert:
        return None
    tool = env.get("CCHC_SIGNTOOL") or shutil.which("signtool") or "signtool.exe"
    cmd = [tool, "sign", "/fd", "sha256", "/tr", env.get("CCHC_SIGN_TIMESTAMP") or DEFAULT_TIMESTAMP,
           "/td", "sha256", "/d", "CCHC Desktop"]  # fmt: skip
    if Path(cert).is_file():
        cmd += ["/f", cert]
        if env.get("CCHC_SIGN_PASSWORD"):
            cmd += ["/p", env["CCHC_SIGN_PASSWORD"]]
    else:
        cmd += ["/sha1", cert]  # a certificate in the store, by thumbprint
    return cmd


def signing_note(env: dict[str, str] | None = None) -> str | None:
    """Why nothing will be signed, or None when it will."""
    env = dict(os.environ if env is None else env)
    if not env.get(SIGN_CERT, "").strip():
        return (f"Không ký số: biến môi trường {SIGN_CERT} chưa đặt (Windows SmartScreen sẽ "
                "báo “Unknown publisher”; xem README, mục Cài đặt / Build).")  # fmt: skip
    if sys.platform != "win32":
        return "Không ký số: chỉ ký được trên Windows (signtool)."
    return None


def sign(path: Path) -> bool:
    """Sign ``path`` when a certificate is configured; print a note and return False if not."""
    note = signing_note()
    cmd = signtool_command()
    if note or cmd is None:
        print(note)
        return False
    subprocess.run([*cmd, str(path)], check=True)
    print(f"Đã ký số {path.name}")
    return True


def iscc_command(iss: Path, version: str, env: dict[str, str] | None = None) -> list[str]:
    """The Inno Setup compiler's command line, with the sign tool defined when signing."""
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    cmd = [iscc, f"/DAppVersion={version}"]
    sign_cmd = signtool_command(env)
    if sign_cmd is not None:
        quoted = " ".join(f'"{part}"' if " " in part else part for part in sign_cmd)
        cmd.append(f"/Scchcsign={quoted} $f")
    return [*cmd, str(iss)]


def write_start_cache(internal: Path) -> None:
    """What Python compiles for PySide6 at every start, compiled now by the interpreter the
    bundle carries and written into it (``cchc_desktop.start_cache``): the program only reads
    it, from its first start on."""
    from cchc_desktop.start_cache import CACHE_FILE, load

    path = internal / CACHE_FILE
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "cchc_desktop.start_cache", str(path)], check=True, env=env
    )
    codes, patterns, generated = load(path)
    if not codes or not generated:
        raise SystemExit(f"Không ghi được {path}")
    print(f"Start cache: {path.name} — {len(codes)} modules, {len(patterns)} patterns, "
          f"{len(generated)} generated methods")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description="Đóng gói CCHC Desktop")
    parser.add_argument(
        "--installer",
        action="store_true",
        help=f"tạo bộ cài bằng Inno Setup {INNO_MINIMUM}+ (Windows)",
    )
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
         "--workpath", str(ROOT / "build"), str(ROOT / "packaging" / "cchc-desktop.spec")],
        check=True,
    )  # fmt: skip
    bundle = DIST / "cchc-desktop"
    exe = bundle / ("cchc-desktop.exe" if sys.platform == "win32" else "cchc-desktop")
    write_start_cache(bundle / "_internal")
    sign(exe)
    size = folder_size(bundle)
    print(
        f"Bundle: {bundle} — {size / 1024 / 1024:.1f} MB ({sum(1 for _ in bundle.rglob('*'))} files)"
    )
    if args.installer:
        from importlib.metadata import version

        iss = ROOT / "packaging" / "installer.iss"
        subprocess.run(iscc_command(iss, version("cchc-desktop")), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
