import type { AlertRecord, EvidenceKind, TenantUser } from './model';
import { Random } from './random';
import { TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, type Ticks } from './ticks';

/**
 * One piece of evidence in a shape all three APIs project from: MDE's flat evidence item, XDR's
 * flat entity, Graph's polymorphic evidence. Fields that do not apply are null.
 */
export type EvidenceRecord = {
  entityType: EvidenceKind;
  createdTime: Ticks;
  verdict: 'unknown' | 'suspicious' | 'malicious' | 'noThreatsFound';
  /** Graph wire values; several are evolvable members (after `unknownFutureValue`). */
  remediationStatus:
    | 'none'
    | 'remediated'
    | 'prevented'
    | 'blocked'
    | 'notFound'
    | 'active'
    | 'pendingApproval'
    | 'running'
    | 'partiallyRemediated';
  detectionStatus: 'Detected' | 'Blocked' | 'Prevented' | null;
  roles: string[];
  detailedRoles: string[];
  sha1: string | null;
  sha256: string | null;
  md5: string | null;
  fileName: string | null;
  filePath: string | null;
  fileSize: number | null;
  filePublisher: string | null;
  processId: number | null;
  processCommandLine: string | null;
  processCreationTime: Ticks | null;
  parentProcessId: number | null;
  parentProcessCreationTime: Ticks | null;
  parentProcessFileName: string | null;
  parentProcessFilePath: string | null;
  ipAddress: string | null;
  url: string | null;
  registryKey: string | null;
  registryHive: string | null;
  registryValueType: string | null;
  registryValue: string | null;
  registryValueName: string | null;
  user: TenantUser | null;
  mailboxDisplayName: string | null;
  mailboxAddress: string | null;
  sender: string | null;
  recipient: string | null;
  subject: string | null;
  deliveryAction: string | null;
  networkMessageId: string | null;
  deviceId: string | null;
};

function blank(entityType: EvidenceKind, createdTime: Ticks, deviceId: string | null): EvidenceRecord {
  return {
    entityType,
    createdTime,
    verdict: 'unknown',
    remediationStatus: 'none',
    detectionStatus: null,
    roles: [],
    detailedRoles: [],
    sha1: null,
    sha256: null,
    md5: null,
    fileName: null,
    filePath: null,
    fileSize: null,
    filePublisher: null,
    processId: null,
    processCommandLine: null,
    processCreationTime: null,
    parentProcessId: null,
    parentProcessCreationTime: null,
    parentProcessFileName: null,
    parentProcessFilePath: null,
    ipAddress: null,
    url: null,
    registryKey: null,
    registryHive: null,
    registryValueType: null,
    registryValue: null,
    registryValueName: null,
    user: null,
    mailboxDisplayName: null,
    mailboxAddress: null,
    sender: null,
    recipient: null,
    subject: null,
    deliveryAction: null,
    networkMessageId: null,
    deviceId,
  };
}

const SYSTEM_FOLDERS = ['C:\\Windows\\System32', 'C:\\Windows\\SysWOW64'];
const USER_FOLDERS = ['C:\\Users\\Public', 'C:\\ProgramData\\Updates', 'C:\\Windows\\Temp'];
const REGISTRY_KEYS = [
  'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
  'SYSTEM\\CurrentControlSet\\Services\\WinSvcUpd',
  'SOFTWARE\\Policies\\Microsoft\\Windows Defender',
  'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
];

/**
 * Evidence for an alert, derived on demand from the kinds its template lists and a seed (tenant,
 * seed, alert id), so alerts need not keep evidence in memory. The same alert always gets the
 * same evidence.
 */
export function evidenceFor(
  alert: AlertRecord,
  tenant: { tenantId: string; seed: string },
  fallbackUser: TenantUser | null,
): EvidenceRecord[] {
  const random = new Random(`evidence|${tenant.tenantId}|${tenant.seed}|${alert.id}`);
  const plan = { kinds: alert.evidenceKinds, fileName: alert.evidenceFile, createdTime: alert.alertCreationTime };
  const deviceId = alert.device?.machineId ?? null;
  const user = alert.relatedUser ?? fallbackUser;
  const malicious =
    alert.classification === 'TruePositive' || alert.category === 'Malware' || alert.category === 'Impact';
  const detection =
    alert.detectionSource === 'WindowsDefenderAv'
      ? random.pick(['Blocked', 'Prevented', 'Detected'] as const)
      : 'Detected';
  const remediation = (): EvidenceRecord['remediationStatus'] =>
    alert.status === 'Resolved'
      ? random.weighted([
          ['remediated', 50],
          ['none', 30],
          ['prevented', 10],
          ['notFound', 10],
        ] as const)
      : random.weighted([
          ['none', 70],
          ['blocked', 10],
          ['pendingApproval', 10],
          ['running', 5],
          ['active', 5],
        ] as const);
  const time = (offset: number) => plan.createdTime + offset + random.int(0, TICKS_PER_SECOND - 1);
  const items: EvidenceRecord[] = [];

  for (const kind of plan.kinds) {
    const item = blank(kind, time(random.int(0, 30) * TICKS_PER_SECOND), deviceId);
    item.verdict = malicious ? 'malicious' : random.pick(['suspicious', 'unknown'] as const);
    item.remediationStatus = remediation();
    switch (kind) {
      case 'File': {
        item.fileName = plan.fileName;
        item.filePath = random.pick(USER_FOLDERS);
        item.sha1 = random.hex(40);
        item.sha256 = random.hex(64);
        item.md5 = random.hex(32);
        item.fileSize = random.int(20_000, 9_000_000);
        item.filePublisher = random.chance(0.3) ? 'Microsoft Corporation' : null;
        item.detectionStatus = detection;
        item.roles = random.chance(0.5) ? ['suspicious'] : [];
        item.detailedRoles = ['Referred in command line'];
        break;
      }
      case 'Process': {
        const started = plan.createdTime - random.int(TICKS_PER_MINUTE, 2 * TICKS_PER_HOUR);
        item.fileName = plan.fileName;
        item.filePath = random.pick(
          plan.fileName && /^[a-z]+\.exe$/.test(plan.fileName) ? SYSTEM_FOLDERS : USER_FOLDERS,
        );
        item.sha1 = random.hex(40);
        item.sha256 = random.hex(64);
        item.processId = random.int(400, 30000);
        item.processCommandLine = `"${plan.fileName ?? 'process.exe'}"${random.chance(0.5) ? ` ${random.hex(8)}` : ''}`;
        item.processCreationTime = started + random.int(0, TICKS_PER_SECOND - 1);
        item.parentProcessId = random.int(400, 30000);
        item.parentProcessCreationTime = started - random.int(TICKS_PER_MINUTE, 6 * TICKS_PER_HOUR);
        item.parentProcessFileName = random.pick([
          'explorer.exe',
          'cmd.exe',
          'services.exe',
          'WINWORD.EXE',
          'svchost.exe',
        ]);
        item.parentProcessFilePath = 'C:\\Windows\\System32';
        item.detectionStatus = detection;
        item.user = user;
        item.roles = [];
        break;
      }
      case 'User': {
        item.user = user;
        item.roles = random.chance(0.5) ? ['compromised'] : [];
        item.detailedRoles = [];
        break;
      }
      case 'Ip': {
        item.ipAddress = `${random.int(20, 220)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(2, 254)}`;
        item.roles = random.chance(0.5) ? ['attacker'] : [];
        break;
      }
      case 'Url': {
        item.url = `https://${random.pick(['cdn', 'login', 'files', 'update'])}-${random.hex(5)}.example/${random.hex(8)}`;
        break;
      }
      case 'Registry': {
        item.registryHive = 'HKEY_LOCAL_MACHINE';
        item.registryKey = random.pick(REGISTRY_KEYS);
        item.registryValueName = random.pick(['Updater', 'DisableAntiSpyware', 'Shell']);
        item.registryValueType = random.pick(['String', 'Dword']);
        item.registryValue =
          item.registryValueType === 'Dword' ? '01-00-00-00' : `C:\\Users\\Public\\${random.hex(6)}.exe`;
        break;
      }
      case 'MailBox': {
        item.deviceId = null;
        if (user) {
          item.mailboxDisplayName = user.displayName;
          item.mailboxAddress = user.userPrincipalName;
          item.user = user;
        }
        break;
      }
      case 'MailMessage': {
        item.deviceId = null;
        item.sender = `billing@${random.pick(['invoices-portal', 'secure-docs', 'payroll-update'])}.example`;
        item.recipient = user?.userPrincipalName ?? null;
        item.subject = random.pick(['[EXTERNAL] Attention', 'Invoice overdue', 'Shared document: Q3 results']);
        item.deliveryAction = random.pick(['Delivered', 'Blocked', 'Junked']);
        item.networkMessageId = random.guid();
        break;
      }
    }
    items.push(item);
  }
  return items;
}
