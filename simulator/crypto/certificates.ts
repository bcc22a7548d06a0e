import { X509Certificate, webcrypto } from 'node:crypto';
import path from 'node:path';
import { readIfExists, withDataDirLock, writeFileAtomic } from './data-dir';
import { loadX509 } from './x509';
import { derToPem, pemToDer } from './pem';

export type TlsMaterial = {
  caCertPath: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** What this start had to create (for the startup report). */
  generated: { ca: boolean; serverCertificate: boolean };
};

const SERVER_NAMES = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_DAYS = 3650;
const SERVER_LIFETIME_DAYS = 397; // what browsers accept for a TLS leaf
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

function filesIn(dataDir: string) {
  return {
    caCert: path.join(dataDir, 'ca.pem'),
    caKey: path.join(dataDir, 'ca-key.pem'),
    serverCert: path.join(dataDir, 'server.pem'),
    serverKey: path.join(dataDir, 'server-key.pem'),
  };
}

function stillValid(cert: X509Certificate, marginMs: number): boolean {
  const now = Date.now();
  return Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) - marginMs > now;
}

function usableCa(pem: string | undefined): X509Certificate | undefined {
  if (!pem) return undefined;
  try {
    const cert = new X509Certificate(pem);
    return cert.ca && stillValid(cert, 7 * DAY_MS) ? cert : undefined;
  } catch {
    return undefined;
  }
}

function usableServerCert(pem: string | undefined, ca: X509Certificate): boolean {
  if (!pem) return false;
  try {
    const cert = new X509Certificate(pem);
    return (
      stillValid(cert, DAY_MS) &&
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      SERVER_NAMES.dns.every((name) => cert.checkHost(name) !== undefined) &&
      SERVER_NAMES.ips.every((ip) => cert.checkIP(ip) !== undefined)
    );
  } catch {
    return false;
  }
}

/** Fast path (no crypto work): everything on disk is present and consistent. */
async function readExisting(dataDir: string): Promise<TlsMaterial | undefined> {
  const files = filesIn(dataDir);
  const [caCertPem, caKeyPem, serverCertPem, serverKeyPem] = await Promise.all(
    [files.caCert, files.caKey, files.serverCert, files.serverKey].map(readIfExists),
  );
  const ca = usableCa(caCertPem);
  if (!ca || !caKeyPem || !serverKeyPem || !usableServerCert(serverCertPem, ca)) return undefined;
  return {
    caCertPath: files.caCert,
    caCertPem: caCertPem!,
    serverCertPem: serverCertPem!,
    serverKeyPem,
    generated: { ca: false, serverCertificate: false },
  };
}

async function generateMissing(dataDir: string): Promise<TlsMaterial> {
  const x509 = await loadX509();
  const subtle = webcrypto.subtle;
  const files = filesIn(dataDir);
  const now = Date.now();

  let caCertPem = await readIfExists(files.caCert);
  let caKeyPem = await readIfExists(files.caKey);
  const generated = { ca: false, serverCertificate: true };

  if (!usableCa(caCertPem) || !caKeyPem) {
    const keys = await subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=Canopy Simulator Local CA, O=Canopy (development only)',
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + CA_LIFETIME_DAYS * DAY_MS),
      keys,
      signingAlgorithm: EC_SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caKeyPem = derToPem('PRIVATE KEY', await subtle.exportKey('pkcs8', keys.privateKey));
    caCertPem = caCert.toString('pem') + '\n';
    await writeFileAtomic(files.caKey, caKeyPem, 0o600);
    await writeFileAtomic(files.caCert, caCertPem, 0o644);
    generated.ca = true;
  }

  const caCert = new x509.X509Certificate(caCertPem!);
  const caKey = await subtle.importKey('pkcs8', pemToDer(caKeyPem), EC_KEY, false, ['sign']);
  const serverKeys = await subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
  const serverCert = await x509.X509CertificateGenerator.create({
    subject: 'CN=localhost, O=Canopy Simulator',
    issuer: caCert.subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + SERVER_LIFETIME_DAYS * DAY_MS),
    publicKey: serverKeys.publicKey,
    signingKey: caKey,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...SERVER_NAMES.dns.map((value) => ({ type: 'dns' as const, value })),
        ...SERVER_NAMES.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const serverKeyPem = derToPem('PRIVATE KEY', await subtle.exportKey('pkcs8', serverKeys.privateKey));
  const serverCertPem = serverCert.toString('pem') + '\n';
  await writeFileAtomic(files.serverKey, serverKeyPem, 0o600);
  await writeFileAtomic(files.serverCert, serverCertPem, 0o644);

  return { caCertPath: files.caCert, caCertPem: caCertPem!, serverCertPem, serverKeyPem, generated };
}

/**
 * Local CA + a `localhost`/127.0.0.1/::1 server certificate in the data dir, created once and
 * reused. Callers trust `caCertPath` (NODE_EXTRA_CA_CERTS). A server certificate that expired or
 * lost its names is re-issued from the same CA, so trust set up earlier keeps working.
 */
export async function ensureTlsMaterial(dataDir: string): Promise<TlsMaterial> {
  const existing = await readExisting(dataDir);
  if (existing) return existing;
  return withDataDirLock(dataDir, 'tls', async () => (await readExisting(dataDir)) ?? generateMissing(dataDir));
}
