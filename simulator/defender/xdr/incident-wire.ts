import { evidenceFor, type EvidenceRecord } from '../data/evidence';
import type { AlertRecord, Device, IncidentRecord } from '../data/model';
import { formatTicks } from '../data/ticks';
import type { TenantData } from '../store/tenant-data';

const time = (ticks: number | null) => (ticks === null ? null : formatTicks(ticks));

/** `serviceSource` of an alert inside an XDR incident (§E1 spellings). */
function serviceSource(alert: AlertRecord): string {
  if (alert.source === 'cloudApps') return 'MicrosoftCloudAppSecurity';
  if (alert.source === 'sentinel') return 'MicrosoftSentinel';
  if (alert.detectionSource === 'OfficeATP') return 'OfficeATP';
  return 'MicrosoftDefenderATP';
}

/** Device object: the example's `mdatpDeviceId` spelling (the table says DeviceId). */
function xdrDevice(device: Device) {
  return {
    mdatpDeviceId: device.machineId,
    aadDeviceId: device.aadDeviceId,
    deviceDnsName: device.computerDnsName,
    osPlatform: device.osPlatform,
    version: device.version,
    osProcessor: device.osProcessor,
    osBuild: device.osBuild,
    healthStatus: device.healthStatus,
    riskScore: device.riskScore,
    rbacGroupName: device.rbacGroupName,
    rbacGroupId: device.rbacGroupId,
    firstSeen: formatTicks(device.firstSeen),
  };
}

/** Entity object: every documented field, null where it does not apply. */
function xdrEntity(item: EvidenceRecord) {
  const user = item.entityType === 'User' ? item.user : null;
  const mailbox = item.entityType === 'MailBox' ? item.user : null;
  return {
    entityType: item.entityType,
    sha1: item.sha1,
    sha256: item.sha256,
    fileName: item.fileName,
    filePath: item.filePath,
    processId: item.processId,
    processCommandLine: item.processCommandLine,
    processCreationTime: time(item.processCreationTime),
    parentProcessId: item.parentProcessId,
    parentProcessCreationTime: time(item.parentProcessCreationTime),
    ipAddress: item.ipAddress,
    url: item.url,
    accountName: user?.accountName ?? null,
    domainName: user?.domainName ?? null,
    userSid: user?.userSid ?? null,
    aadUserId: user?.aadUserId ?? null,
    userPrincipalName:
      (user ?? mailbox)?.userPrincipalName ?? (item.entityType === 'MailMessage' ? item.recipient : null),
    mailboxDisplayName: item.mailboxDisplayName,
    mailboxAddress: item.mailboxAddress,
    clusterBy: null,
    sender: item.sender,
    recipient: item.recipient,
    subject: item.subject,
    deliveryAction: item.deliveryAction,
    securityGroupId: null,
    securityGroupName: null,
    registryHive: item.registryHive,
    registryKey: item.registryKey,
    registryValueType: item.registryValueType,
    registryValue: item.registryValue,
    deviceId: item.deviceId,
  };
}

export function xdrAlert(data: TenantData, alert: AlertRecord) {
  return {
    alertId: alert.id,
    incidentId: alert.incidentId,
    serviceSource: serviceSource(alert),
    creationTime: formatTicks(alert.alertCreationTime),
    lastUpdatedTime: formatTicks(alert.lastUpdateTime),
    resolvedTime: time(alert.resolvedTime),
    firstActivity: formatTicks(alert.firstEventTime),
    lastActivity: formatTicks(alert.lastEventTime),
    title: alert.title,
    description: alert.description,
    category: alert.category,
    status: alert.status,
    severity: alert.severity,
    investigationId: alert.investigationId,
    investigationState: alert.investigationState,
    classification: alert.classification,
    determination: alert.determination,
    detectionSource: alert.detectionSource,
    assignedTo: alert.assignedTo,
    actorName: alert.actorName,
    threatFamilyName: alert.threatFamilyName,
    mitreTechniques: alert.mitreTechniques,
    devices: alert.device ? [xdrDevice(alert.device)] : [],
    entities: evidenceFor(alert, data.profile, null).map(xdrEntity),
  };
}

/** The XDR incident resource (§E1, property order of the list example); `alertWire` may alter its alerts (faults). */
export function xdrIncident(
  data: TenantData,
  incident: IncidentRecord,
  alertWire: (alert: ReturnType<typeof xdrAlert>) => object = (alert) => alert,
) {
  return {
    incidentId: incident.incidentId,
    redirectIncidentId: incident.redirectIncidentId,
    incidentName: incident.incidentName,
    createdTime: formatTicks(incident.createdTime),
    lastUpdateTime: formatTicks(incident.lastUpdateTime),
    assignedTo: incident.assignedTo,
    classification: incident.classification,
    determination: incident.determination,
    status: incident.status,
    severity: incident.severity,
    tags: incident.tags,
    comments: incident.comments.map((comment) => ({
      comment: comment.comment,
      createdBy: comment.createdBy,
      createdTime: formatTicks(comment.createdTime),
    })),
    alerts: data.alertsOf(incident).map((alert) => alertWire(xdrAlert(data, alert))),
  };
}
