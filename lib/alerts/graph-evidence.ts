import { z } from 'zod';
import { evidenceSchema } from '@/lib/defender/mde-alert-schema';

export type Evidence = z.output<typeof evidenceSchema>;

/** A value Canopy shows, or null: anything of another type (upstream drift) is left out, never fatal. */
const value = <T extends z.ZodType>(schema: T) => schema.nullish().catch(null);
const str = value(z.string());
const file = value(z.looseObject({ fileName: str, filePath: str, sha1: str, sha256: str }));

/** The parts of Graph's polymorphic evidence (§E3) the detail page shows. */
const graphEvidenceSchema = z.looseObject({
  '@odata.type': z.string().catch(''),
  createdDateTime: str,
  detectionStatus: str,
  fileDetails: file,
  imageFile: file,
  parentProcessImageFile: file,
  processId: value(z.number().int()),
  parentProcessId: value(z.number().int()),
  processCommandLine: str,
  processCreationDateTime: str,
  userAccount: value(
    z.looseObject({ accountName: str, domainName: str, userSid: str, azureAdUserId: str, userPrincipalName: str }),
  ),
  ipAddress: str,
  url: str,
  registryKey: str,
  registryHive: str,
  registryValue: str,
  registryValueType: str,
});

/** `#microsoft.graph.security.processEvidence` → `Process`, as Defender for Endpoint names the type. */
function entityType(odataType: string): string {
  const name = /^#microsoft\.graph\.security\.(\w+?)Evidence$/.exec(odataType)?.[1];
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : 'Evidence';
}

/**
 * Graph's evidence read into the shape of Defender for Endpoint's (a file's details, a process's
 * image and command line, a user's account, an IP, a URL, a registry key), so one component shows
 * both. An item that is not an object is skipped; a field of an unexpected type is left out.
 */
export function readGraphEvidence(items: unknown): Evidence[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((raw) => {
    const item = graphEvidenceSchema.safeParse(raw);
    if (!item.success) return [];
    const e = item.data;
    const image = e.fileDetails ?? e.imageFile;
    const mapped = evidenceSchema.safeParse({
      entityType: entityType(e['@odata.type']),
      evidenceCreationTime: e.createdDateTime,
      sha1: image?.sha1,
      sha256: image?.sha256,
      fileName: image?.fileName,
      filePath: image?.filePath,
      processId: e.processId,
      processCommandLine: e.processCommandLine,
      processCreationTime: e.processCreationDateTime,
      parentProcessId: e.parentProcessId,
      parentProcessFileName: e.parentProcessImageFile?.fileName,
      parentProcessFilePath: e.parentProcessImageFile?.filePath,
      ipAddress: e.ipAddress,
      url: e.url,
      registryKey: e.registryKey,
      registryHive: e.registryHive,
      registryValueType: e.registryValueType,
      registryValue: e.registryValue,
      accountName: e.userAccount?.accountName,
      domainName: e.userAccount?.domainName,
      userSid: e.userAccount?.userSid,
      aadUserId: e.userAccount?.azureAdUserId,
      userPrincipalName: e.userAccount?.userPrincipalName,
      detectionStatus: e.detectionStatus,
    });
    return mapped.success ? [mapped.data] : [];
  });
}
