; Inno Setup 6 script: a Vietnamese installer for CCHC Desktop (Windows 10 1809 or later, 64-bit).
; Build: uv run --group build python packaging/build.py --installer   (on Windows, Inno Setup 6 installed)
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1E7E52-3C41-4C9B-9A3F-5B7C2D0C4A11}
AppName=CCHC Desktop
AppVersion={#AppVersion}
AppPublisher=CCHC Desktop
DefaultDirName={autopf}\CCHC Desktop
DefaultGroupName=CCHC Desktop
UninstallDisplayIcon={app}\cchc-desktop.exe
OutputDir=..\dist
OutputBaseFilename=CCHC-Desktop-{#AppVersion}-cai-dat
SetupIconFile=..\resources\icons\app.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Languages]
Name: "vi"; MessagesFile: "compiler:Default.isl"

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
WelcomeLabel1=Chào mừng đến với trình cài đặt [name]
WelcomeLabel2=Trình cài đặt sẽ cài [name/ver] vào máy tính.%n%nNên đóng các chương trình khác trước khi tiếp tục.
ButtonNext=&Tiếp >
ButtonBack=< &Quay lại
ButtonCancel=Hủy
ButtonInstall=&Cài đặt
ButtonFinish=&Xong
SelectDirLabel3=Chương trình sẽ được cài vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp để tiếp tục, hoặc Duyệt để chọn thư mục khác.
ReadyLabel1=Sẵn sàng cài đặt [name].
FinishedHeadingLabel=Đã cài xong [name]
FinishedLabel=[name] đã được cài trên máy. Có thể mở chương trình từ biểu tượng đã tạo.
ClickFinish=Bấm Xong để kết thúc.
WinVersionTooLowError=[name] cần Windows 10 bản 1809 trở lên.
ConfirmUninstall=Gỡ bỏ %1? Dữ liệu của cơ quan (thư mục CCHC Desktop trong AppData) được GIỮ LẠI.

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình"; GroupDescription: "Biểu tượng:"

[Files]
Source: "..\dist\cchc-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CCHC Desktop"; Filename: "{app}\cchc-desktop.exe"
Name: "{group}\Gỡ bỏ CCHC Desktop"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CCHC Desktop"; Filename: "{app}\cchc-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\cchc-desktop.exe"; Description: "Mở CCHC Desktop"; Flags: nowait postinstall skipifsilent

; The user's data lives in %LOCALAPPDATA%\CCHC Desktop, outside {app}: the uninstaller never touches it.
