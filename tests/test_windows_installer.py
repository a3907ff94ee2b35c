"""The Windows installer and bundle recipes, read as a Windows administrator would (the
installer itself can only be compiled on Windows; its script is checked here).

Rules checked here:
- One install mode: per user, no administrator (PrivilegesRequired=lowest), no dialog or
  switch to install for all users; the program goes under %LOCALAPPDATA%\\Programs, apart
  from the data (%LOCALAPPDATA%\\CCHC Desktop), which an upgrade or uninstall never touches.
- An upgrade deletes the old program files first ([InstallDelete] of {app}\\_internal and
  the exe), so no Qt or DLL file of an older version stays beside the new ones.
- Every message a normal install, upgrade or uninstall shows is Vietnamese (Vietnamese.isl,
  written for the program since Inno Setup ships no Vietnamese translation).
- The required Inno Setup version (6.3, for x64compatible and UTF-8 without BOM) is stated
  alike in the script (which refuses older compilers), build.py and the README.
- Code signing when CCHC_SIGN_CERT names a certificate (SignTool in the script, a signtool
  step for the exe in build.py), both skipped with a printed note when it is unset.
- No UPX; the exe's version information filled in.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
ISS = PACKAGING / "installer.iss"
ISL = PACKAGING / "Vietnamese.isl"
SPEC = PACKAGING / "cchc-desktop.spec"
VIETNAMESE_LETTER = re.compile(
    "[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I
)

# What a user sees in a normal first install, an upgrade and an uninstall (and the errors an
# office PC commonly meets: disk full, a program holding files open, no rights).
SHOWN = """SetupAppTitle SetupWindowTitle UninstallAppTitle UninstallAppFullTitle InformationTitle
ConfirmTitle ErrorTitle SetupLdrStartupMessage LdrCannotCreateTemp LdrCannotExecTemp
LastErrorMessage SetupFileCorrupt SetupAlreadyRunning WindowsVersionNotSupported
OnlyOnTheseArchitectures WinVersionTooLowError SetupAppRunningError UninstallAppRunningError
ErrorCreatingDir ExitSetupTitle ExitSetupMessage ButtonBack ButtonNext ButtonInstall ButtonOK
ButtonCancel ButtonYes ButtonYesToAll ButtonNo ButtonNoToAll ButtonFinish ButtonBrowse
ButtonWizardBrowse ButtonNewFolder ClickNext BrowseDialogTitle BrowseDialogLabel NewFolderName
WelcomeLabel1 WelcomeLabel2 WizardSelectDir SelectDirDesc SelectDirLabel3 SelectDirBrowseLabel
DiskSpaceMBLabel InvalidPath InvalidDrive DiskSpaceWarningTitle DiskSpaceWarning DirNameTooLong
InvalidDirName BadDirName32 DirExistsTitle DirExists DirDoesntExistTitle DirDoesntExist
WizardSelectTasks SelectTasksDesc SelectTasksLabel2 WizardReady ReadyLabel1 ReadyLabel2a
ReadyLabel2b ReadyMemoDir ReadyMemoTasks WizardPreparing PreparingDesc
PreviousInstallNotCompleted CannotContinue ApplicationsFound ApplicationsFound2 CloseApplications
DontCloseApplications ErrorCloseApplications WizardInstalling InstallingLabel
FinishedHeadingLabel FinishedLabelNoIcons FinishedLabel ClickFinish FinishedRestartLabel
FinishedRestartMessage YesRadio NoRadio RunEntryExec SetupAborted StatusClosingApplications
StatusCreateDirs StatusExtractFiles StatusCreateIcons StatusCreateRegistryEntries
StatusSavingUninstall StatusRunProgram StatusRollback ErrorFunctionFailed ErrorCopying
ErrorReplacingExistingFile ErrorCreatingTemp ErrorRenamingTemp UninstallNotFound
UninstallOpenError ConfirmUninstall UninstallStatusLabel UninstalledAll UninstalledMost
UninstalledAndNeedsRestart UninstallDataCorrupted WizardUninstalling StatusUninstalling
ShutdownBlockReasonInstallingApp ShutdownBlockReasonUninstallingApp""".split()  # noqa: SIM905
ALSO_VIETNAMESE = {"&Xong", "Xem %1"}  # Vietnamese words without marks
NUMBERS_ONLY = {"ComponentSize1", "ComponentSize2", "UninstallDisplayNameMark",
                "UninstallDisplayNameMarks", "UninstallDisplayNameMark32Bit",
                "UninstallDisplayNameMark64Bit", "LastErrorMessage"}  # fmt: skip


def sections(path: Path) -> dict[str, list[str]]:
    """An Inno Setup file's lines by section, comments and preprocessor lines left out."""
    found: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#", "//")):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            found.setdefault(current, [])
        elif current:
            found[current].append(line)
    return found


def directives(lines: list[str]) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in lines if "=" in line and ":" not in line.split("=")[0]
    )


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return sections(ISS)


def test_the_script_is_utf8_without_bom_and_needs_inno_setup_6_3() -> None:
    raw = ISS.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and not ISL.read_bytes().startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")
    text = raw.decode("utf-8")
    assert "#if VER < EncodeVer(6, 3, 0)" in text and "#error" in text
    assert "Inno Setup 6.3" in text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "Inno Setup 6.3" in readme and "Inno Setup 6]" not in readme
    assert 'INNO_MINIMUM = "6.3"' in (PACKAGING / "build.py").read_text(encoding="utf-8")


def test_one_install_mode_per_user_without_administrator(iss) -> None:
    setup = directives(iss["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in ISS.read_text(encoding="utf-8")
    assert setup["DefaultDirName"] == r"{autopf}\CCHC Desktop"  # {userpf}: %LOCALAPPDATA%\Programs
    assert (
        setup["ArchitecturesAllowed"] == setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    )
    assert setup["MinVersion"] == "10.0.17763"
    assert setup.get("UsePreviousAppDir", "yes") == "yes"  # an upgrade goes where the old one is
    # the data folder is refused as the program folder (an upgrade empties {app}\_internal)
    assert "{localappdata}\\CCHC Desktop" in ISS.read_text(encoding="utf-8")


def test_an_upgrade_leaves_no_stale_program_files_and_keeps_the_data(iss) -> None:
    deletes = iss["InstallDelete"]
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in deletes
    assert any('"{app}\\{#AppExe}"' in line and line.startswith("Type: files;") for line in deletes)
    text = ISS.read_text(encoding="utf-8")
    assert "{localappdata}" not in " ".join(deletes + iss.get("UninstallDelete", []))
    assert all("{app}" in line for line in deletes + iss.get("UninstallDelete", []))
    assert "CloseApplications=yes" in text  # a running program is closed before its files go
    files = iss["Files"]
    assert files == ['Source: "..\\dist\\cchc-desktop\\*"; DestDir: "{app}"; Flags: ignoreversion '
                     "recursesubdirs createallsubdirs"]  # fmt: skip


def test_every_message_a_user_sees_is_vietnamese(iss) -> None:
    assert iss["Languages"] == ['Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"']
    isl = sections(ISL)
    options = directives(isl["LangOptions"])
    assert options["LanguageName"] == "Tiếng Việt" and options["LanguageID"] == "$042A"
    messages = directives(isl["Messages"])
    missing = [m for m in SHOWN if m not in messages]
    assert not missing
    english = [k for k, v in messages.items()
               if k not in NUMBERS_ONLY and v and v not in ALSO_VIETNAMESE
               and not VIETNAMESE_LETTER.search(v)
               and not re.fullmatch(r"[%\d\s().,:\\-]*|[\d-]+-bit", v)]  # fmt: skip
    assert not english, english
    for section in ("Messages", "CustomMessages"):
        for key, value in directives(iss[section]).items():
            assert VIETNAMESE_LETTER.search(value), key
    for line in iss["Tasks"] + iss["Icons"] + iss["Run"]:
        for text in re.findall(r'(?:Description|GroupDescription): "([^"]*)"', line):
            assert VIETNAMESE_LETTER.search(text), line
    custom = directives(isl["CustomMessages"])
    assert all(VIETNAMESE_LETTER.search(v) for k, v in custom.items() if k != "NameAndVersion" or v)


def test_version_information_is_filled_in(iss) -> None:
    setup = directives(iss["Setup"])
    for key in ("VersionInfoVersion", "VersionInfoProductVersion", "VersionInfoCompany",
                "VersionInfoDescription", "VersionInfoProductName", "VersionInfoCopyright",
                "AppPublisher", "AppVersion"):  # fmt: skip
        assert setup.get(key), key
    spec = SPEC.read_text(encoding="utf-8")
    assert "version=version_file" in spec and "version_resource(VERSION)" in spec
    info = _load("version_info")
    assert info.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert info.version_numbers("1.12.3rc1") == (1, 12, 3, 0)
    strings = info.version_strings("0.1.0")
    assert {"CompanyName", "FileDescription", "FileVersion", "ProductName", "ProductVersion",
            "OriginalFilename", "LegalCopyright", "InternalName"} <= strings.keys()  # fmt: skip
    assert strings["OriginalFilename"] == "cchc-desktop.exe" and all(strings.values())


def test_no_upx_anywhere() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert spec.count("upx=False") == 2 and "upx=True" not in spec
    assert "upx" not in (PACKAGING / "build.py").read_text(encoding="utf-8").lower().replace(
        "no upx", ""
    )


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_signing_happens_only_when_a_certificate_is_named(
    iss, tmp_path: Path, capsys, monkeypatch
) -> None:
    text = ISS.read_text(encoding="utf-8")
    assert '#define SignCert GetEnv("CCHC_SIGN_CERT")' in text
    block = text[text.index('#if SignCert != ""') : text.index("[Languages]")]
    assert "SignTool=cchcsign" in block and "SignedUninstaller=yes" in block
    assert "#pragma message" in block.split("#else")[1]  # the note when unset

    build = _load("build")
    assert build.signtool_command({}) is None
    assert "CCHC_SIGN_CERT" in build.signing_note({})
    monkeypatch.delenv("CCHC_SIGN_CERT", raising=False)
    assert build.sign(tmp_path / "cchc-desktop.exe") is False
    assert "Không ký số" in capsys.readouterr().out
    assert not any(a.startswith("/Scchcsign") for a in build.iscc_command(ISS, "0.1.0", {}))

    pfx = tmp_path / "co quan.pfx"
    pfx.write_bytes(b"cert")
    env = {"CCHC_SIGN_CERT": str(pfx), "CCHC_SIGN_PASSWORD": "mk", "CCHC_SIGNTOOL": "signtool.exe"}
    cmd = build.signtool_command(env)
    assert cmd[:2] == ["signtool.exe", "sign"] and cmd[cmd.index("/f") + 1] == str(pfx)
    assert (
        cmd[cmd.index("/fd") + 1] == "sha256" and "/tr" in cmd and cmd[cmd.index("/p") + 1] == "mk"
    )
    iscc = build.iscc_command(ISS, "0.1.0", env)
    sign_tool = next(a for a in iscc if a.startswith("/Scchcsign="))
    assert sign_tool.endswith(" $f") and f'"{pfx}"' in sign_tool
    assert iscc[1] == "/DAppVersion=0.1.0" and iscc[-1] == str(ISS)
    thumb = build.signtool_command({"CCHC_SIGN_CERT": "0123456789ABCDEF0123456789ABCDEF01234567"})
    assert thumb[-2:] == ["/sha1", "0123456789ABCDEF0123456789ABCDEF01234567"]
    if sys.platform != "win32":
        assert "chỉ ký được trên Windows" in build.signing_note(env)


def test_no_init_in_packaging() -> None:
    assert not (PACKAGING / "__init__.py").exists()
