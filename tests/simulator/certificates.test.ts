import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';

let dataDir: string;
const running: { stop(): Promise<void> }[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-sim-tls-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

async function start() {
  const sim = await startSimulator({ port: 0, dataDir, log: false });
  running.push(sim);
  return sim;
}

function get(url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const files = () => ({
  caCert: path.join(dataDir, 'ca.pem'),
  caKey: path.join(dataDir, 'ca-key.pem'),
  serverCert: path.join(dataDir, 'server.pem'),
  serverKey: path.join(dataDir, 'server-key.pem'),
  signingKey: path.join(dataDir, 'signing-key.pem'),
  signingCert: path.join(dataDir, 'signing-cert.pem'),
});

describe('local CA and server certificate', () => {
  it('creates a CA and a localhost/127.0.0.1/::1 server certificate, keys readable only by the owner', async () => {
    const sim = await start();
    expect(sim.caCertPath).toBe(files().caCert);
    expect(sim.startup).toMatchObject({ generatedCa: true, generatedSigningKey: true });
    const ca = new X509Certificate(await readFile(files().caCert));
    const server = new X509Certificate(await readFile(files().serverCert));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    expect(server.checkHost('example.com')).toBeUndefined();
    for (const key of [files().caKey, files().serverKey, files().signingKey]) {
      expect(((await stat(key)).mode & 0o777).toString(8), key).toBe('600');
    }
    await expect(readFile(files().caCert, 'utf8')).resolves.toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('is trusted only through the CA file', async () => {
    const sim = await start();
    const url = `${sim.origin}/common/discovery/v2.0/keys`;
    await expect(get(url)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
    await expect(get(url, await readFile(sim.caCertPath, 'utf8'))).resolves.toBe(200);
  });

  it('reuses the CA, certificate and signing key on the next start, which is fast', async () => {
    const first = await start();
    const before = await Promise.all(Object.values(files()).map((file) => readFile(file, 'utf8')));
    const firstKeys = await readFile(files().signingCert, 'utf8');
    await first.stop();
    running.splice(0);

    const second = await start();
    const after = await Promise.all(Object.values(files()).map((file) => readFile(file, 'utf8')));
    expect(after).toEqual(before);
    expect(second.startup).toMatchObject({ generatedCa: false, generatedSigningKey: false });
    expect(second.startup.ms).toBeLessThan(2000);
    expect(await readFile(files().signingCert, 'utf8')).toBe(firstKeys);
  });

  it('re-issues a damaged server certificate from the same CA', async () => {
    await (await start()).stop();
    running.splice(0);
    const ca = await readFile(files().caCert, 'utf8');
    const oldServer = await readFile(files().serverCert, 'utf8');
    await writeFile(files().serverCert, 'garbage');
    const sim = await start();
    expect(await readFile(files().caCert, 'utf8')).toBe(ca);
    const reissued = await readFile(files().serverCert, 'utf8');
    expect(reissued).not.toBe(oldServer);
    expect(reissued).toMatch(/^-----BEGIN CERTIFICATE-----/);
    await expect(get(`${sim.origin}/common/discovery/keys`, ca)).resolves.toBe(200);
  });

  it('agrees on one CA when two simulators start at once on a fresh data dir', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const ca = await readFile(files().caCert, 'utf8');
    await expect(get(`${a.origin}/common/discovery/keys`, ca)).resolves.toBe(200);
    await expect(get(`${b.origin}/common/discovery/keys`, ca)).resolves.toBe(200);
  });
});
