import { describe, expect, it } from 'vitest';
import { readGraphEvidence } from '@/lib/alerts/graph-evidence';

// Graph `security/alerts_v2` evidence items as documented (§E3): polymorphic, by `@odata.type`.
const PROCESS = {
  '@odata.type': '#microsoft.graph.security.processEvidence',
  createdDateTime: '2026-11-30T08:12:45.1234567Z',
  verdict: 'suspicious',
  remediationStatus: 'none',
  roles: [],
  processId: 4780,
  parentProcessId: 668,
  processCommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
  processCreationDateTime: '2026-11-30T08:10:02Z',
  parentProcessCreationDateTime: '2026-11-30T08:00:00Z',
  detectionStatus: 'detected',
  mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
  imageFile: {
    fileName: 'powershell.exe',
    filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
    sha1: 'a1b2',
    sha256: 'c3d4',
    fileSize: 1024,
  },
  parentProcessImageFile: { fileName: 'cmd.exe', filePath: 'C:\\Windows\\System32' },
  userAccount: {
    accountName: 'jdoe',
    domainName: 'CONTOSO',
    userSid: 'S-1-5-21-1',
    azureAdUserId: 'u-1',
    userPrincipalName: 'jdoe@contoso.com',
  },
};
const FILE = {
  '@odata.type': '#microsoft.graph.security.fileEvidence',
  createdDateTime: '2026-11-30T08:12:45Z',
  detectionStatus: 'blocked',
  fileDetails: { fileName: 'payload.dll', filePath: 'C:\\Users\\Public', sha1: 'e5f6', sha256: 'a7b8' },
};

describe('Graph evidence, read as Defender for Endpoint names it', () => {
  it('maps a process: its image, parent, command line and user', () => {
    expect(readGraphEvidence([PROCESS])).toEqual([
      expect.objectContaining({
        entityType: 'Process',
        fileName: 'powershell.exe',
        filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
        sha1: 'a1b2',
        sha256: 'c3d4',
        processId: 4780,
        parentProcessId: 668,
        parentProcessFileName: 'cmd.exe',
        processCommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
        accountName: 'jdoe',
        domainName: 'CONTOSO',
        aadUserId: 'u-1',
        userPrincipalName: 'jdoe@contoso.com',
        detectionStatus: 'detected',
      }),
    ]);
  });

  it('maps a file, an IP, a URL and a user; a type it does not know keeps its name', () => {
    const items = readGraphEvidence([
      FILE,
      { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '203.0.113.7' },
      { '@odata.type': '#microsoft.graph.security.urlEvidence', url: 'https://evil.example/a' },
      { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'ann' } },
      { '@odata.type': '#microsoft.graph.security.mailboxEvidence', primaryAddress: 'ann@contoso.com' },
    ]);
    expect(items.map((item) => item.entityType)).toEqual(['File', 'Ip', 'Url', 'User', 'Mailbox']);
    expect(items[0]).toMatchObject({ fileName: 'payload.dll', sha256: 'a7b8', detectionStatus: 'blocked' });
    expect(items[1]).toMatchObject({ ipAddress: '203.0.113.7' });
    expect(items[2]).toMatchObject({ url: 'https://evil.example/a' });
    expect(items[3]).toMatchObject({ accountName: 'ann', domainName: null });
  });

  it('skips what is not an item and leaves out a field of an unexpected type', () => {
    expect(readGraphEvidence('not a list')).toEqual([]);
    const items = readGraphEvidence([null, 42, { ...FILE, fileDetails: { fileName: 7, sha1: 'e5f6' } }]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ entityType: 'File', fileName: null, sha1: 'e5f6' });
  });
});
