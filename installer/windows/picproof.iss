; Inno Setup 6 script (UTF-8 with BOM, as Inno Setup needs for the Chinese text): a per-user install of the PyInstaller folder dist\PicProof (no administrator
; rights needed), with a Start-menu entry and an uninstaller that keeps the user's evidence.
;
; Built by installer/windows/build_setup.py after `py dev.py build`:
;   iscc /DAppVersion=0.1.0 installer\windows\picproof.iss
; Signing (optional): build_setup.py passes /DSIGN and a /Spicproofsign=... sign tool when the
; PICPROOF_SIGN_PFX environment variable is set; without it the setup is unsigned and says so.
;
; No file association: exported evidence bundles are ordinary .zip files on purpose, so anyone can
; open and check them with standard tools; PicProof imports them with `picproof case import`.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; Simplified Chinese is an unofficial Inno Setup translation: the release workflow puts it into
; the compiler's Languages folder; a setup compiled without it is English only.
#define ChineseIsl AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
#if FileExists(ChineseIsl)
  #define HaveChinese
#endif

[Setup]
AppId={{6B0F3E0A-4C51-4C8E-9B0C-2F5A1D7C9E41}
AppName=PicProof
AppVersion={#AppVersion}
AppVerName=PicProof {#AppVersion}
AppPublisher=PicProof
VersionInfoVersion={#AppVersion}
; Per user, no UAC prompt: %LOCALAPPDATA%\Programs\PicProof (the user's data lives apart, in
; %LOCALAPPDATA%\PicProof, and survives updates and uninstalls).
PrivilegesRequired=lowest
DefaultDirName={autopf}\PicProof
DefaultGroupName=PicProof
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=PicProof-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\PicProof.exe
UninstallDisplayName=PicProof
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
LicenseFile=..\..\LICENSE
#ifdef SIGN
SignTool=picproofsign
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#ifdef HaveChinese
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.DeleteData=Also delete your PicProof data (photo index, cases, evidence and letters) in %1?%n%nChoose No to keep it: evidence cannot be recovered once deleted.
#ifdef HaveChinese
chinesesimplified.DeleteData=是否同时删除 %1 中的 PicProof 数据（照片索引、案件、证据和信函）？%n%n选择“否”即可保留：证据一旦删除就无法恢复。
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\PicProof\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program folder's libraries entirely (never the user's data).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\PicProof"; Filename: "{app}\PicProof.exe"
Name: "{autodesktop}\PicProof"; Filename: "{app}\PicProof.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\PicProof.exe"; Description: "{cm:LaunchProgram,PicProof}"; Flags: nowait postinstall skipifsilent

[Code]
// The uninstaller removes the program only. The user's data (evidence!) is deleted only when the
// user says so explicitly; a silent uninstall never deletes it.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\PicProof');
    if DirExists(DataDir) and not UninstallSilent() then
      if MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataDir]), mbConfirmation,
                MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
