import { Detail, DetailList } from '@/components/ui/detail-list';
import { LocalTime } from '@/components/ui/local-time';
import type { MdeAlert } from '@/lib/defender/mde-alert-schema';

type Evidence = MdeAlert['evidence'][number];

/** The evidence fields worth reading, in reading order; those an item lacks are left out. */
const FIELDS: [keyof Evidence, string, boolean][] = [
  ['fileName', 'File', false],
  ['filePath', 'Path', true],
  ['sha1', 'SHA-1', true],
  ['sha256', 'SHA-256', true],
  ['processId', 'Process ID', true],
  ['processCommandLine', 'Command line', true],
  ['parentProcessId', 'Parent process ID', true],
  ['parentProcessFileName', 'Parent process', false],
  ['parentProcessFilePath', 'Parent process path', true],
  ['ipAddress', 'IP address', true],
  ['url', 'URL', true],
  ['accountName', 'Account', false],
  ['domainName', 'Domain', false],
  ['userPrincipalName', 'User principal name', false],
  ['userSid', 'User SID', true],
  ['aadUserId', 'Entra user ID', true],
  ['registryKey', 'Registry key', true],
  ['registryHive', 'Registry hive', true],
  ['registryValueType', 'Registry value type', true],
  ['registryValue', 'Registry value', true],
  ['detectionStatus', 'Detection status', false],
];

/** Each piece of evidence as text: values come from the customer's tenant (a URL is not a link). */
export function AlertEvidence({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return <p>Microsoft sent no evidence for this alert.</p>;
  return (
    <ol className="space-y-4">
      {evidence.map((item, index) => (
        <li
          key={index}
          data-testid="evidence"
          className="min-w-0 border-t border-slate-200 pt-3 first:border-0 first:pt-0"
        >
          <h3 className="font-medium text-slate-900">
            {item.entityType}
            {item.evidenceCreationTime ? (
              <span className="ml-2 text-xs font-normal text-slate-600">
                seen <LocalTime value={item.evidenceCreationTime} />
              </span>
            ) : null}
          </h3>
          <div className="mt-2">
            <DetailList>
              {FIELDS.filter(([key]) => item[key] !== null).map(([key, label, mono]) => (
                <Detail key={key} label={label} mono={mono}>
                  {String(item[key])}
                </Detail>
              ))}
            </DetailList>
          </div>
        </li>
      ))}
    </ol>
  );
}
