; Inno Setup 6 script: per-user install of the PyInstaller folder (no administrator rights).
;   iscc /DAppVersion=0.1.0 installer\windows\picproof.iss     (after building dist\PicProof)
; Sign dist\PicProof\PicProof.exe and the produced setup with signtool before publishing.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0F3E0A-4C51-4C8E-9B0C-2F5A1D7C9E41}
AppName=PicProof
AppVersion={#AppVersion}
AppPublisher=PicProof
DefaultDirName={localappdata}\Programs\PicProof
DefaultGroupName=PicProof
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=PicProof-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\PicProof.exe
LicenseFile=..\..\resources\fonts\LICENSE-Apache-2.0.txt

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\PicProof\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\PicProof"; Filename: "{app}\PicProof.exe"
Name: "{userdesktop}\PicProof"; Filename: "{app}\PicProof.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\PicProof.exe"; Description: "{cm:LaunchProgram,PicProof}"; Flags: nowait postinstall skipifsilent

; User data (photos index, cases, evidence) lives in the user's data folder and is never removed
; by the uninstaller: evidence must not be lost.
