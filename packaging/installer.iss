; CCHC Desktop: the Vietnamese installer (Windows 10 1809 or later, 64-bit).
; Needs Inno Setup 6.3 or later: "x64compatible" and this file being UTF-8 without BOM
; both came with 6.3 (checked below, so an older compiler stops with a clear message).
; Build: uv run --group build python packaging/build.py --installer   (on Windows)
;
; One install mode: for the current Windows user, no administrator (PrivilegesRequired=lowest,
; no override dialog or switch), into %LOCALAPPDATA%\Programs\CCHC Desktop.  The user's data
; lives apart, in %LOCALAPPDATA%\CCHC Desktop: an upgrade or an uninstall never touches it.
; An upgrade first deletes the old program files ([InstallDelete]), so no Qt or DLL file of an
; older version stays beside the new ones.
; Signing: when the environment variable CCHC_SIGN_CERT names a certificate, build.py defines
; the sign tool "cchcsign" (/S…) and the installer and uninstaller are signed.

#if VER < EncodeVer(6, 3, 0)
  #error Cần Inno Setup 6.3 trở lên (x64compatible, tệp UTF-8 không BOM)
#endif

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "cchc-desktop.exe"
#define SignCert GetEnv("CCHC_SIGN_CERT")

[Setup]
AppId={{6F1E7E52-3C41-4C9B-9A3F-5B7C2D0C4A11}
AppName=CCHC Desktop
AppVersion={#AppVersion}
AppVerName=CCHC Desktop {#AppVersion}
AppPublisher=CCHC Desktop
AppCopyright=CCHC Desktop
VersionInfoVersion={#AppVersion}
VersionInfoProductVersion={#AppVersion}
VersionInfoTextVersion={#AppVersion}
VersionInfoCompany=CCHC Desktop
VersionInfoDescription=Trình cài đặt CCHC Desktop
VersionInfoProductName=CCHC Desktop
VersionInfoCopyright=CCHC Desktop
PrivilegesRequired=lowest
DefaultDirName={autopf}\CCHC Desktop
DisableDirPage=auto
DefaultGroupName=CCHC Desktop
DisableProgramGroupPage=yes
UninstallDisplayName=CCHC Desktop
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes
RestartApplications=no
OutputDir=..\dist
OutputBaseFilename=CCHC-Desktop-{#AppVersion}-cai-dat
SetupIconFile=..\resources\icons\app.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
WizardStyle=modern
ShowLanguageDialog=no
#if SignCert != ""
SignTool=cchcsign
SignedUninstaller=yes
#else
  #pragma message "Không ký số bộ cài: biến môi trường CCHC_SIGN_CERT chưa đặt."
#endif

[Languages]
Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"

[Messages]
WelcomeLabel2=Trình này sẽ cài [name/ver] cho tài khoản Windows đang dùng (không cần quyền quản trị).%n%nNếu máy đã có bản cũ, bản cũ được thay; dữ liệu của cơ quan (thư mục AppData\Local\CCHC Desktop) được giữ nguyên.
WinVersionTooLowError=[name] cần Windows 10 bản 1809 trở lên, 64-bit.
ConfirmUninstall=Gỡ bỏ %1? Dữ liệu của cơ quan (thư mục AppData\Local\CCHC Desktop) được GIỮ LẠI.
UninstalledAll=Đã gỡ %1. Dữ liệu của cơ quan vẫn ở thư mục AppData\Local\CCHC Desktop.

[CustomMessages]
OldMachineWide=Máy có một bản CCHC Desktop cũ cài cho mọi người dùng (tại %1).%n%nBản mới chỉ cài cho tài khoản này. Nên gỡ bản cũ trước (cần quyền quản trị; dữ liệu không mất) để Ứng dụng không có hai mục CCHC Desktop.%n%nCó: gỡ bản cũ ngay. Không: cài tiếp, để bản cũ lại. Hủy: thoát.
DataFolderRefused=Thư mục %1 là nơi lưu dữ liệu của chương trình. Hãy chọn thư mục khác để cài chương trình.

[InstallDelete]
; The whole old program goes before the new one is copied: stale Qt plugins or DLLs of an
; older version would otherwise load beside the new ones.  {app} holds program files only.
Type: filesandordirs; Name: "{app}\_internal"
Type: files; Name: "{app}\{#AppExe}"

[Tasks]
Name: "desktopicon"; Description: "Tạo lối tắt trên màn hình"; GroupDescription: "Lối tắt:"

[Files]
Source: "..\dist\cchc-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CCHC Desktop"; Filename: "{app}\{#AppExe}"
Name: "{group}\Gỡ bỏ CCHC Desktop"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CCHC Desktop"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Mở CCHC Desktop"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only program files: the data in %LOCALAPPDATA%\CCHC Desktop is never touched.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
const
  UninstallKey = 'Software\Microsoft\Windows\CurrentVersion\Uninstall\{6F1E7E52-3C41-4C9B-9A3F-5B7C2D0C4A11}_is1';

{ An older version could also be installed for all users (by an administrator): offer to
  remove it, so that Apps does not list CCHC Desktop twice. }
function InitializeSetup(): Boolean;
var
  Uninstaller, Location: String;
  Code: Integer;
begin
  Result := True;
  if RegQueryStringValue(HKLM64, UninstallKey, 'UninstallString', Uninstaller) then
  begin
    if not RegQueryStringValue(HKLM64, UninstallKey, 'InstallLocation', Location) then
      Location := '';
    case MsgBox(FmtMessage(CustomMessage('OldMachineWide'), [Location]), mbConfirmation, MB_YESNOCANCEL) of
      IDYES:
        ShellExec('', RemoveQuotes(Uninstaller), '/SILENT', '', SW_SHOW, ewWaitUntilTerminated, Code);
      IDCANCEL:
        Result := False;
    end;
  end;
end;

{ The program must not be installed into the data folder (an upgrade empties {app}\_internal). }
function NextButtonClick(CurPageID: Integer): Boolean;
var
  DataDir: String;
begin
  Result := True;
  if CurPageID = wpSelectDir then
  begin
    DataDir := ExpandConstant('{localappdata}\CCHC Desktop');
    if CompareText(RemoveBackslashUnlessRoot(WizardDirValue), DataDir) = 0 then
    begin
      MsgBox(FmtMessage(CustomMessage('DataFolderRefused'), [DataDir]), mbError, MB_OK);
      Result := False;
    end;
  end;
end;
