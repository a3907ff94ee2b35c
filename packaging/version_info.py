"""The Windows version resource of ``cchc-desktop.exe`` (Properties → Details): company,
description, version and file name filled in, as antivirus products expect of a real program.

Used by ``cchc-desktop.spec`` on Windows; plain data, so tests check it on any system.
"""

from __future__ import annotations

import re

NAME = "cchc-desktop"
COMPANY = "CCHC Desktop"
DESCRIPTION = "CCHC Desktop - Kế hoạch và báo cáo tuyên truyền cải cách hành chính"
VIETNAMESE_UNICODE = "042A04B0"  # Vietnamese (0x042A), Unicode (1200 = 0x04B0)


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` → (0, 1, 0, 0); ``1.2.0rc1`` → (1, 2, 0, 0)."""
    parts = []
    for part in (version.split(".") + ["0", "0", "0"])[:4]:
        digits = re.match(r"\d*", part).group()[:5]  # leading digits: 3rc1 → 3
        parts.append(min(int(digits or 0), 65535))
    return tuple(parts)  # type: ignore[return-value]


def version_strings(version: str) -> dict[str, str]:
    return {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": NAME,
        "LegalCopyright": f"© {COMPANY}",
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": "CCHC Desktop",
        "ProductVersion": version,
    }


def version_resource(version: str):
    """PyInstaller's ``VSVersionInfo`` for ``version``."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    nums = version_numbers(version)
    strings = [StringStruct(k, v) for k, v in version_strings(version).items()]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=nums, prodvers=nums),
        kids=[StringFileInfo([StringTable(VIETNAMESE_UNICODE, strings)]),
              VarFileInfo([VarStruct("Translation", [0x042A, 1200])])],
    )  # fmt: skip
