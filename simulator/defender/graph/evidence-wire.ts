import { evidenceFor, type EvidenceRecord } from '../data/evidence';
import type { AlertRecord, Device, TenantUser } from '../data/model';
import { formatTicks } from '../data/ticks';
import type { TenantData } from '../store/tenant-data';
import { REMEDIATION_STATUS, wire } from './enums';

const time = (ticks: number | null) => (ticks === null ? null : formatTicks(ticks));
const lower = (value: string) => value.charAt(0).toLowerCase() + value.slice(1);

function userAccount(user: TenantUser | null) {
  if (!user) return null;
  return {
    accountName: user.accountName,
    domainName: user.domainName,
    userSid: user.userSid,
    azureAdUserId: user.aadUserId,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    activeDirectoryObjectGuid: null,
  };
}

function fileDetails(item: {
  sha1: string | null;
  sha256: string | null;
  md5?: string | null;
  fileName: string | null;
  filePath: string | null;
  fileSize?: number | null;
  filePublisher?: string | null;
}) {
  return {
    sha1: item.sha1,
    sha256: item.sha256,
    md5: item.md5 ?? null,
    sha256Ac: null,
    fileName: item.fileName,
    filePath: item.filePath,
    fileSize: item.fileSize ?? null,
    filePublisher: item.filePublisher ?? null,
    signer: null,
    issuer: null,
  };
}

/** The alert's device as Graph's first evidence item (`deviceEvidence`). */
function deviceEvidence(alert: AlertRecord, device: Device, includeEvolvable: boolean) {
  const [host, ...domain] = device.computerDnsName.split('.');
  return {
    '@odata.type': '#microsoft.graph.security.deviceEvidence',
    createdDateTime: formatTicks(alert.alertCreationTime),
    verdict: alert.classification === 'TruePositive' ? 'malicious' : 'unknown',
    remediationStatus: wire(REMEDIATION_STATUS, 'none', includeEvolvable),
    remediationStatusDetails: null,
    roles: ['compromised'],
    detailedRoles: ['Main device'],
    tags: [],
    firstSeenDateTime: formatTicks(device.firstSeen),
    mdeDeviceId: device.machineId,
    azureAdDeviceId: device.aadDeviceId,
    deviceDnsName: device.computerDnsName,
    hostName: host ?? null,
    ntDomain: alert.relatedUser?.domainName ?? null,
    dnsDomain: domain.join('.') || null,
    osPlatform: device.osPlatform,
    osBuild: device.osBuild,
    version: device.version,
    healthStatus: lower(device.healthStatus),
    riskScore: lower(device.riskScore),
    rbacGroupId: device.rbacGroupId,
    rbacGroupName: device.rbacGroupName,
    onboardingStatus: 'onboarded',
    defenderAvStatus: 'updated',
    ipInterfaces: [device.lastIpAddress],
    loggedOnUsers: alert.relatedUser
      ? [{ accountName: alert.relatedUser.accountName, domainName: alert.relatedUser.domainName }]
      : [],
    lastIpAddress: device.lastIpAddress,
    lastExternalIpAddress: device.lastExternalIpAddress,
    vmMetadata: null,
  };
}

function typed(item: EvidenceRecord, includeEvolvable: boolean) {
  const base = {
    createdDateTime: formatTicks(item.createdTime),
    verdict: item.verdict,
    remediationStatus: wire(REMEDIATION_STATUS, item.remediationStatus, includeEvolvable),
    remediationStatusDetails: null,
    roles: item.roles,
    detailedRoles: item.detailedRoles,
    tags: [],
  };
  const detectionStatus = item.detectionStatus === null ? null : lower(item.detectionStatus);
  switch (item.entityType) {
    case 'File':
      return {
        '@odata.type': '#microsoft.graph.security.fileEvidence',
        ...base,
        detectionStatus,
        mdeDeviceId: item.deviceId,
        fileDetails: fileDetails(item),
      };
    case 'Process':
      return {
        '@odata.type': '#microsoft.graph.security.processEvidence',
        ...base,
        processId: item.processId,
        parentProcessId: item.parentProcessId,
        processCommandLine: item.processCommandLine,
        processCreationDateTime: time(item.processCreationTime),
        parentProcessCreationDateTime: time(item.parentProcessCreationTime),
        detectionStatus,
        mdeDeviceId: item.deviceId,
        imageFile: fileDetails(item),
        parentProcessImageFile: fileDetails({
          sha1: null,
          sha256: null,
          fileName: item.parentProcessFileName,
          filePath: item.parentProcessFilePath,
        }),
        userAccount: userAccount(item.user),
      };
    case 'User':
      return { '@odata.type': '#microsoft.graph.security.userEvidence', ...base, userAccount: userAccount(item.user) };
    case 'Ip':
      return {
        '@odata.type': '#microsoft.graph.security.ipEvidence',
        ...base,
        ipAddress: item.ipAddress,
        countryLetterCode: null,
      };
    case 'Url':
      return { '@odata.type': '#microsoft.graph.security.urlEvidence', ...base, url: item.url };
    case 'Registry':
      return {
        '@odata.type': '#microsoft.graph.security.registryValueEvidence',
        ...base,
        mdeDeviceId: item.deviceId,
        registryKey: item.registryKey,
        registryHive: item.registryHive,
        registryValue: item.registryValue,
        registryValueName: item.registryValueName,
        registryValueType: item.registryValueType,
      };
    case 'MailBox':
      return {
        '@odata.type': '#microsoft.graph.security.mailboxEvidence',
        ...base,
        displayName: item.mailboxDisplayName,
        primaryAddress: item.mailboxAddress,
        userAccount: userAccount(item.user),
      };
    case 'MailMessage':
      return {
        '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
        ...base,
        networkMessageId: item.networkMessageId,
        subject: item.subject,
        recipientEmailAddress: item.recipient,
        p1Sender: { emailAddress: item.sender, displayName: null, domainName: item.sender?.split('@')[1] ?? null },
        deliveryAction: item.deliveryAction === null ? null : lower(item.deliveryAction),
      };
  }
}

/** Graph's polymorphic evidence: the device first (endpoint alerts), then the alert's entities. */
export function graphEvidence(data: TenantData, alert: AlertRecord, includeEvolvable: boolean) {
  const items: object[] = alert.device ? [deviceEvidence(alert, alert.device, includeEvolvable)] : [];
  for (const item of evidenceFor(alert, data.profile, null)) items.push(typed(item, includeEvolvable));
  return items;
}
