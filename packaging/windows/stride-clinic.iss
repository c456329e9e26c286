; Inno Setup 6.3+ script: a per-machine installer for the one-folder PyInstaller build.
;
; Not built or tested on the Linux CI machine. On Windows, from the repository root:
;   1. build the folder:   .venv\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build packaging\stride-clinic.spec
;   2. check it:           dist\stride-clinic\stride-clinic-cli.exe --self-test   (prints the report; exit 0)
;   3. make the installer: "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\stride-clinic.iss
; AppVersion must equal [project] version in pyproject.toml. Output: dist\stride-clinic-<version>-setup.exe
; Relative paths below are relative to this file's folder.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=<version from pyproject.toml> packaging\windows\stride-clinic.iss
#endif
#define AppName "Stride Clinic"
#define AppExeName "stride-clinic.exe"
#define CliExeName "stride-clinic-cli.exe"
#define BuildDir "..\..\dist\stride-clinic"

[Setup]
; Never change AppId: Windows uses it to recognise upgrades and the uninstaller.
AppId={{08D92B15-8F4F-4C6D-B2BF-AC648F402C99}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine: Program Files, shortcuts for all users, one uninstaller entry.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=stride-clinic-{#AppVersion}-setup
SetupIconFile=..\icons\stride-clinic.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Stride Clinic before replacing its files (Restart Manager).
CloseApplications=yes
RestartApplications=no

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle, so no library of the previous version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\{#AppExeName}"; DestDir: "{app}"; Flags: ignoreversion
; Console twin for IT staff: stride-clinic-cli.exe db upgrade | users add | --self-test
Source: "{#BuildDir}\{#CliExeName}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder; each user's database, settings and logs (%LOCALAPPDATA%\Stride Clinic) stay.
Type: filesandordirs; Name: "{app}\_internal"
