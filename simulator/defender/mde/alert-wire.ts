import { evidenceFor, type EvidenceRecord } from '../data/evidence';
import type { AlertRecord } from '../data/model';
import { formatTicks } from '../data/ticks';
import type { TenantData } from '../store/tenant-data';

const time = (ticks: number | null) => (ticks === null ? null : formatTicks(ticks));

/** §D3 evidence item: every documented field present, null where it does not apply. */
function evidenceItem(item: EvidenceRecord) {
  return {
    entityType: item.entityType,
    evidenceCreationTime: formatTicks(item.createdTime),
    sha1: item.sha1,
    sha256: item.sha256,
    fileName: item.fileName,
    filePath: item.filePath,
    processId: item.processId,
    processCommandLine: item.processCommandLine,
    processCreationTime: time(item.processCreationTime),
    parentProcessId: item.parentProcessId,
    parentProcessCreationTime: time(item.parentProcessCreationTime),
    parentProcessFileName: item.parentProcessFileName,
    parentProcessFilePath: item.parentProcessFilePath,
    ipAddress: item.ipAddress,
    url: item.url,
    registryKey: item.registryKey,
    registryHive: item.registryHive,
    registryValueType: item.registryValueType,
    registryValue: item.registryValue,
    // MDE reports the account on User evidence only; a process's user is not flattened in.
    accountName: item.entityType === 'User' ? (item.user?.accountName ?? null) : null,
    domainName: item.entityType === 'User' ? (item.user?.domainName ?? null) : null,
    userSid: item.entityType === 'User' ? (item.user?.userSid ?? null) : null,
    aadUserId: item.entityType === 'User' ? (item.user?.aadUserId ?? null) : null,
    userPrincipalName: item.entityType === 'User' ? (item.user?.userPrincipalName ?? null) : null,
    detectionStatus: item.detectionStatus,
  };
}

/** The MDE alert resource (§D3) in the documented property order. */
export function mdeAlert(data: TenantData, alert: AlertRecord, withEvidence: boolean) {
  return {
    id: alert.id,
    incidentId: alert.incidentId,
    investigationId: alert.investigationId,
    assignedTo: alert.assignedTo,
    severity: alert.severity,
    status: alert.status,
    classification: alert.classification,
    determination: alert.determination,
    investigationState: alert.investigationState,
    detectionSource: alert.detectionSource,
    detectorId: alert.detectorId,
    category: alert.category,
    threatFamilyName: alert.threatFamilyName,
    title: alert.title,
    description: alert.description,
    alertCreationTime: formatTicks(alert.alertCreationTime),
    firstEventTime: formatTicks(alert.firstEventTime),
    lastEventTime: formatTicks(alert.lastEventTime),
    lastUpdateTime: formatTicks(alert.lastUpdateTime),
    resolvedTime: time(alert.resolvedTime),
    machineId: alert.device?.machineId ?? null,
    computerDnsName: alert.device?.computerDnsName ?? null,
    rbacGroupName: alert.device?.rbacGroupName ?? null,
    aadTenantId: data.profile.tenantId,
    threatName: alert.threatName,
    mitreTechniques: alert.mitreTechniques,
    relatedUser: alert.relatedUser
      ? { userName: alert.relatedUser.accountName, domainName: alert.relatedUser.domainName }
      : null,
    comments: alert.comments.map((comment) => ({
      comment: comment.comment,
      createdBy: comment.createdBy,
      createdTime: formatTicks(comment.createdTime),
    })),
    evidence: withEvidence
      ? evidenceFor(alert, data.profile, null)
          .filter((item) => item.entityType !== 'MailBox' && item.entityType !== 'MailMessage')
          .map(evidenceItem)
      : [],
  };
}
