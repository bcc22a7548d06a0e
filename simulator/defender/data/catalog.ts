import type { AlertSource, DetectionSource, EvidenceKind, Severity } from './model';

/**
 * Alert kinds the generator draws from. Titles, categories and techniques follow the real
 * Defender queue (MITRE tactic-aligned categories, ATT&CK technique ids); the descriptions are
 * written for the simulator. `severities` restricts which severities a kind can have.
 */
export type AlertTemplate = {
  source: AlertSource;
  title: string;
  description: string;
  category: string;
  mitreTechniques: string[];
  detectionSources: DetectionSource[];
  severities: Severity[];
  threatFamilyName?: string;
  threatName?: string;
  actorName?: string;
  evidence: EvidenceKind[];
  /** Main file of File/Process evidence; a generic one is picked when absent. */
  fileName?: string;
  commandLine?: string;
  url?: string;
};

const ALL: Severity[] = ['Informational', 'Low', 'Medium', 'High'];
const SERIOUS: Severity[] = ['Medium', 'High'];
const MILD: Severity[] = ['Informational', 'Low', 'Medium'];

export const ENDPOINT_TEMPLATES: AlertTemplate[] = [
  {
    source: 'endpoint',
    title: 'Suspicious PowerShell command line',
    description:
      'A suspicious PowerShell activity was observed on the device. This activity is often associated with attackers downloading and running payloads in memory to evade file-based detection.',
    category: 'Execution',
    mitreTechniques: ['T1059.001', 'T1105'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: SERIOUS,
    evidence: ['Process', 'File', 'User'],
    fileName: 'powershell.exe',
    commandLine:
      'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
  },
  {
    source: 'endpoint',
    title: "Suspicious 'Meterpreter' behavior was detected",
    description:
      'Behavior associated with the Meterpreter payload of the Metasploit framework was observed. Attackers use it for remote control of compromised devices.',
    category: 'SuspiciousActivity',
    mitreTechniques: ['T1064', 'T1085', 'T1220'],
    detectionSources: ['WindowsDefenderAv'],
    severities: ['Low', 'Medium', 'High'],
    threatFamilyName: 'Meterpreter',
    evidence: ['Process', 'File'],
    fileName: 'rundll32.exe',
    commandLine: 'rundll32.exe C:\\Users\\Public\\update.dll,StartW',
  },
  {
    source: 'endpoint',
    title: "'Mimikatz' hacktool was detected",
    description:
      'Readily available tools, such as hacking programs, can be used by unauthorized individuals to spy on users. When used by attackers, these tools are often installed without authorization and used to compromise targeted machines.',
    category: 'Malware',
    mitreTechniques: [],
    detectionSources: ['WindowsDefenderAv'],
    severities: ['Low', 'Medium', 'High'],
    threatFamilyName: 'Mimikatz',
    threatName: 'HackTool:Win32/Mimikatz.D',
    evidence: ['File'],
    fileName: 'mimikatz.exe',
  },
  {
    source: 'endpoint',
    title: 'Suspicious access to LSASS service',
    description:
      'A process accessed the memory of the Local Security Authority Subsystem Service (LSASS), possibly to obtain credentials of users signed in to the device.',
    category: 'CredentialAccess',
    mitreTechniques: ['T1003.001'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: SERIOUS,
    evidence: ['Process', 'File', 'User'],
    fileName: 'procdump64.exe',
    commandLine: 'procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp',
  },
  {
    source: 'endpoint',
    title: 'Suspicious execution of hidden file',
    description:
      'A hidden file has been launched. This activity could indicate a compromised host. Attackers often hide files associated with malicious tools to evade file system inspection and defenses.',
    category: 'DefenseEvasion',
    mitreTechniques: ['T1564.001'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: ['Low', 'Medium'],
    evidence: ['Process', 'File'],
    fileName: 'svch0st.exe',
  },
  {
    source: 'endpoint',
    title: 'Ransomware behavior detected in the file system',
    description:
      'A process modified a large number of files and appended an unusual extension to them, which is typical of ransomware encrypting data.',
    category: 'Impact',
    mitreTechniques: ['T1486'],
    detectionSources: ['WindowsDefenderAtp', 'WindowsDefenderAv'],
    severities: ['High'],
    threatFamilyName: 'Ransomware',
    evidence: ['Process', 'File', 'User'],
    fileName: 'enc0der.exe',
  },
  {
    source: 'endpoint',
    title: "An active 'Emotet' malware was blocked",
    description:
      'Microsoft Defender Antivirus blocked an active instance of the Emotet trojan. Emotet is frequently used to deliver other malware.',
    category: 'Malware',
    mitreTechniques: ['T1204.002'],
    detectionSources: ['WindowsDefenderAv'],
    severities: ['Low', 'Medium'],
    threatFamilyName: 'Emotet',
    threatName: 'Trojan:Win32/Emotet.ARJ!MTB',
    evidence: ['File', 'Process'],
    fileName: 'invoice_0932.doc.exe',
  },
  {
    source: 'endpoint',
    title: 'Connection to a custom network indicator',
    description: "A device connected to an IP address or URL in your organization's custom indicator list.",
    category: 'CommandAndControl',
    mitreTechniques: ['T1071'],
    detectionSources: ['CustomerTI'],
    severities: ALL,
    evidence: ['Ip', 'Url', 'Process'],
    url: 'update-check.contoso-cdn.net',
  },
  {
    source: 'endpoint',
    title: 'Suspicious scheduled task registration',
    description:
      'A scheduled task was created that runs a script from a user-writable folder. Attackers use scheduled tasks to keep access across restarts.',
    category: 'Persistence',
    mitreTechniques: ['T1053.005'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: ['Low', 'Medium'],
    evidence: ['Process', 'File', 'Registry'],
    fileName: 'schtasks.exe',
    commandLine: 'schtasks.exe /create /sc onlogon /tn "OneDrive Sync" /tr C:\\Users\\Public\\sync.vbs',
  },
  {
    source: 'endpoint',
    title: 'Suspicious service registration',
    description:
      'A new service was registered with a binary in an unusual location. Services run with high privileges and are used by attackers for persistence.',
    category: 'Persistence',
    mitreTechniques: ['T1543.003'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: MILD,
    evidence: ['Registry', 'Process'],
    fileName: 'sc.exe',
  },
  {
    source: 'endpoint',
    title: 'Possible lateral movement using remote services',
    description:
      'An account authenticated to several devices in a short time and started processes remotely, which is consistent with lateral movement.',
    category: 'LateralMovement',
    mitreTechniques: ['T1021.002', 'T1570'],
    detectionSources: ['WindowsDefenderAtp', 'MTP'],
    severities: SERIOUS,
    evidence: ['User', 'Ip', 'Process'],
    fileName: 'psexesvc.exe',
  },
  {
    source: 'endpoint',
    title: 'Suspicious remote WMI execution',
    description: 'A process was started on this device through Windows Management Instrumentation from another device.',
    category: 'LateralMovement',
    mitreTechniques: ['T1047'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: ['Low', 'Medium', 'High'],
    evidence: ['Process', 'User', 'Ip'],
    fileName: 'wmiprvse.exe',
  },
  {
    source: 'endpoint',
    title: 'Possible data exfiltration to cloud storage',
    description:
      'A large amount of data was uploaded to a personal cloud storage service shortly after archive files were created.',
    category: 'Exfiltration',
    mitreTechniques: ['T1567.002', 'T1560.001'],
    detectionSources: ['WindowsDefenderAtp', 'MTP'],
    severities: SERIOUS,
    evidence: ['Url', 'Process', 'File'],
    fileName: 'rclone.exe',
    url: 'files.personal-drive.example',
  },
  {
    source: 'endpoint',
    title: 'Microsoft Defender SmartScreen blocked a malicious URL',
    description: 'A user tried to open a URL known to host phishing content. SmartScreen blocked the navigation.',
    category: 'InitialAccess',
    mitreTechniques: ['T1566.002'],
    detectionSources: ['WindowsDefenderSmartScreen'],
    severities: ['Informational', 'Low'],
    evidence: ['Url', 'User'],
    url: 'login-microsoftonline.account-verify.example',
  },
  {
    source: 'endpoint',
    title: 'Suspicious process launched by an Office application',
    description:
      'An Office application started a scripting engine, which is typical of malicious macros in documents received by email.',
    category: 'InitialAccess',
    mitreTechniques: ['T1566.001', 'T1204.002'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: SERIOUS,
    evidence: ['File', 'Process', 'User'],
    fileName: 'WINWORD.EXE',
    commandLine: 'cmd.exe /c wscript.exe %TEMP%\\q3.js',
  },
  {
    source: 'endpoint',
    title: 'Multiple failed sign-ins followed by a success (custom detection)',
    description:
      'Your custom detection rule matched: many failed sign-ins to a device were followed by a successful one from the same source address.',
    category: 'CredentialAccess',
    mitreTechniques: ['T1110.001'],
    detectionSources: ['CustomDetection'],
    severities: ALL,
    evidence: ['User', 'Ip'],
  },
  {
    source: 'endpoint',
    title: 'Malware was detected during an automated investigation',
    description: 'Automated investigation found a malicious file that was not detected when it arrived on the device.',
    category: 'Malware',
    mitreTechniques: [],
    detectionSources: ['AutomatedInvestigation'],
    severities: ['Low', 'Medium', 'High'],
    threatFamilyName: 'Qakbot',
    threatName: 'Trojan:Win32/Qakbot!MSR',
    evidence: ['File'],
    fileName: 'wsc_proxy.dll',
  },
  {
    source: 'endpoint',
    title: 'Hands-on-keyboard attack activity',
    description:
      'Microsoft Threat Experts observed activity consistent with an attacker operating interactively on the device.',
    category: 'SuspiciousActivity',
    mitreTechniques: ['T1059', 'T1087.002'],
    detectionSources: ['ThreatExperts'],
    severities: ['High'],
    actorName: 'Storm-0501',
    evidence: ['Process', 'User'],
    fileName: 'cmd.exe',
    commandLine: 'cmd.exe /c net group "domain admins" /domain',
  },
  {
    source: 'endpoint',
    title: 'Network protection blocked a connection to a malicious site',
    description:
      'Network protection prevented a process from connecting to a site associated with command-and-control infrastructure.',
    category: 'CommandAndControl',
    mitreTechniques: ['T1071.001'],
    detectionSources: ['WindowsDefenderSmartScreen', 'WindowsDefenderAtp'],
    severities: ['Informational', 'Low', 'Medium'],
    evidence: ['Url', 'Ip', 'Process'],
    url: 'cdn-telemetry-sync.example',
  },
  {
    source: 'endpoint',
    title: 'Email messages containing malicious URL removed after delivery',
    description: 'Messages containing a URL later found to be malicious were removed from mailboxes after delivery.',
    category: 'InitialAccess',
    mitreTechniques: ['T1566.002'],
    detectionSources: ['OfficeATP'],
    severities: ['Informational', 'Medium'],
    evidence: ['MailBox', 'MailMessage', 'Url'],
    url: 'docs-share.file-review.example',
  },
  {
    source: 'endpoint',
    title: 'Suspicious sequence of exploration activities',
    description:
      'A process ran commands that enumerate users, groups and network configuration, which attackers do to map a network.',
    category: 'Discovery',
    mitreTechniques: ['T1087.001', 'T1082', 'T1016'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: ['Low', 'Medium'],
    evidence: ['Process', 'User'],
    fileName: 'whoami.exe',
    commandLine: 'whoami.exe /all',
  },
  {
    source: 'endpoint',
    title: 'Attempt to turn off Microsoft Defender Antivirus protection',
    description:
      'A process changed registry settings that disable real-time protection. Attackers do this before running malware.',
    category: 'DefenseEvasion',
    mitreTechniques: ['T1562.001'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: SERIOUS,
    evidence: ['Registry', 'Process'],
    fileName: 'reg.exe',
    commandLine:
      'reg.exe add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v DisableAntiSpyware /t REG_DWORD /d 1 /f',
  },
  {
    source: 'endpoint',
    title: 'Suspicious outbound connection reported by a third-party sensor',
    description:
      'A partner network sensor reported a connection from this device to an address with a poor reputation.',
    category: 'CommandAndControl',
    mitreTechniques: ['T1095'],
    detectionSources: ['ThirdPartySensors'],
    severities: ['Informational', 'Low'],
    evidence: ['Ip'],
  },
  {
    source: 'endpoint',
    title: "'BrowserModifier' unwanted software was prevented",
    description: 'Potentially unwanted software that changes browser settings was prevented from running.',
    category: 'UnwantedSoftware',
    mitreTechniques: [],
    detectionSources: ['WindowsDefenderAv'],
    severities: ['Informational', 'Low'],
    threatFamilyName: 'BrowserModifier',
    threatName: 'BrowserModifier:Win32/Sasquor',
    evidence: ['File'],
    fileName: 'searchprotect_setup.exe',
  },
  {
    source: 'endpoint',
    title: 'Credential dumping from the registry',
    description: 'A process saved the SAM and SECURITY registry hives, which hold password hashes of local accounts.',
    category: 'CredentialAccess',
    mitreTechniques: ['T1003.002'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: SERIOUS,
    evidence: ['Registry', 'Process', 'User'],
    fileName: 'reg.exe',
    commandLine: 'reg.exe save HKLM\\SAM C:\\Windows\\Temp\\s.hiv',
  },
  {
    source: 'endpoint',
    title: 'Process injection into a system process',
    description:
      'Code was injected into the memory of a trusted system process, a technique used to hide malicious activity.',
    category: 'DefenseEvasion',
    mitreTechniques: ['T1055'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: SERIOUS,
    evidence: ['Process', 'File'],
    fileName: 'explorer.exe',
  },
  {
    source: 'endpoint',
    title: 'File backups were deleted',
    description: 'Volume shadow copies were deleted. Ransomware deletes backups so files cannot be restored.',
    category: 'Impact',
    mitreTechniques: ['T1490'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: ['High'],
    evidence: ['Process', 'User'],
    fileName: 'vssadmin.exe',
    commandLine: 'vssadmin.exe delete shadows /all /quiet',
  },
  {
    source: 'endpoint',
    title: "'CobaltStrike' malware was detected",
    description: 'A Cobalt Strike beacon was detected. Attackers use it for command and control and to move laterally.',
    category: 'CommandAndControl',
    mitreTechniques: ['T1071.001', 'T1055'],
    detectionSources: ['WindowsDefenderAv', 'WindowsDefenderAtp'],
    severities: SERIOUS,
    threatFamilyName: 'CobaltStrike',
    threatName: 'Backdoor:Win64/CobaltStrike.NP!dha',
    evidence: ['File', 'Process', 'Ip'],
    fileName: 'beacon_x64.dll',
  },
  {
    source: 'endpoint',
    title: 'Persistence through a WMI event subscription',
    description: 'A permanent WMI event subscription was created that runs a command when the system starts.',
    category: 'Persistence',
    mitreTechniques: ['T1546.003'],
    detectionSources: ['WindowsDefenderAtp'],
    severities: ['Low', 'Medium'],
    evidence: ['Process'],
    fileName: 'scrcons.exe',
  },
];

export const CLOUD_APPS_TEMPLATES: AlertTemplate[] = [
  {
    source: 'cloudApps',
    title: 'Ransomware activity',
    description:
      'A user manipulated many files with an uncommon extension in a short time. This is an unusual number of file manipulations and is indicative of a potential ransomware attack.',
    category: 'Impact',
    mitreTechniques: ['T1486'],
    detectionSources: ['MCAS'],
    severities: SERIOUS,
    evidence: ['User', 'Ip'],
  },
  {
    source: 'cloudApps',
    title: 'Impossible travel activity',
    description:
      'The same user signed in from two distant countries within a time shorter than travel between them would take.',
    category: 'InitialAccess',
    mitreTechniques: ['T1078'],
    detectionSources: ['MCAS'],
    severities: ['Low', 'Medium'],
    evidence: ['User', 'Ip'],
  },
  {
    source: 'cloudApps',
    title: 'Mass download by a single user',
    description: 'A user downloaded an unusually large number of files from cloud storage in one session.',
    category: 'Exfiltration',
    mitreTechniques: ['T1530'],
    detectionSources: ['MCAS'],
    severities: ['Low', 'Medium'],
    evidence: ['User', 'Ip'],
  },
];

export const SENTINEL_TEMPLATES: AlertTemplate[] = [
  {
    source: 'sentinel',
    title: 'Brute force attack against Azure portal',
    description:
      'Scheduled analytics rule: many failed Azure portal sign-ins for one account from a small set of addresses.',
    category: 'CredentialAccess',
    mitreTechniques: ['T1110'],
    detectionSources: ['ScheduledAlerts'],
    severities: ['Low', 'Medium'],
    evidence: ['User', 'Ip'],
  },
  {
    source: 'sentinel',
    title: 'Rare subscription-level operations in Azure',
    description:
      'Scheduled analytics rule: an account performed sensitive subscription operations it has not performed before.',
    category: 'Persistence',
    mitreTechniques: ['T1098'],
    detectionSources: ['ScheduledAlerts'],
    severities: ['Medium', 'High'],
    evidence: ['User', 'Ip'],
  },
];

export const RECOMMENDED_ACTIONS: Record<string, string> = {
  default:
    'Review the device timeline for suspicious activities before and after the alert.\nLook for the same artifacts on other devices.\nIf credential theft is suspected, reset the passwords of the affected users.',
  Impact:
    'Isolate the device from the network.\nIdentify and restore affected files from backup.\nReset credentials of accounts used on the device.',
  CredentialAccess:
    'Reset the passwords of accounts signed in to the device.\nCheck for use of those accounts on other devices.\nEnable Credential Guard where possible.',
  CommandAndControl:
    'Block the remote address at the perimeter.\nCollect a memory image of the process before remediation.\nLook for the same connection from other devices.',
};

/** Severity mix: Medium most common, then Low, High, Informational. */
export const SEVERITY_WEIGHTS: readonly (readonly [Severity, number])[] = [
  ['Informational', 10],
  ['Low', 25],
  ['Medium', 45],
  ['High', 20],
];

export const FIRST_NAMES = [
  'Alex',
  'Jordan',
  'Morgan',
  'Taylor',
  'Casey',
  'Riley',
  'Jamie',
  'Avery',
  'Quinn',
  'Dana',
  'Robin',
  'Sasha',
  'Kim',
  'Lee',
  'Noor',
  'Mateo',
  'Priya',
  'Yuki',
  'Lars',
  'Ines',
  'Omar',
  'Chen',
  'Fatima',
  'Elena',
];
export const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Okafor',
  'Nguyen',
  'Muller',
  'Rossi',
  'Kowalski',
  'Haddad',
  'Tanaka',
  'Silva',
  'Johansson',
  'Patel',
  'Dubois',
  'Novak',
  'Kim',
  'Costa',
  'Murphy',
  'Ahmed',
  'Larsen',
  'Moreau',
];

export const RBAC_GROUPS = [
  'Workstations',
  'Servers',
  'Finance',
  'Engineering',
  'Executives',
  'Kiosks',
  'UnassignedGroup',
];

export const OS_PROFILES: readonly { osPlatform: string; osBuild: number; version: string; hostPrefix: string }[] = [
  { osPlatform: 'Windows11', osBuild: 22631, version: '23H2', hostPrefix: 'desktop' },
  { osPlatform: 'Windows11', osBuild: 26100, version: '24H2', hostPrefix: 'laptop' },
  { osPlatform: 'Windows10', osBuild: 19045, version: '22H2', hostPrefix: 'wks' },
  { osPlatform: 'WindowsServer2022', osBuild: 20348, version: '21H2', hostPrefix: 'srv' },
  { osPlatform: 'WindowsServer2019', osBuild: 17763, version: '1809', hostPrefix: 'srv' },
  { osPlatform: 'macOS', osBuild: 23, version: '14.5', hostPrefix: 'mac' },
  { osPlatform: 'Linux', osBuild: 6, version: 'Ubuntu 22.04', hostPrefix: 'lnx' },
];

export const GENERIC_FILES = ['payload.exe', 'update.ps1', 'svc_host.dll', 'setup_x64.msi', 'report.js', 'agent.bin'];

export const INCIDENT_TAGS = ['Ransomware', 'Phishing', 'Lateral Movement', 'VIP', 'Pen test', 'Known false positive'];
