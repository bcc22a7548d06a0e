import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../../scripts/lib/start-stack';
import { startMailCatcher } from './support/mail-catcher';

/**
 * One stack for the run, on ports apart from the demo's: a fresh embedded PostgreSQL in a temp
 * folder, the simulator with its default world, the worker, and `next start` twice: with the app's
 * client secret, and with its certificate (E2E_CERTIFICATE_CANOPY_URL). The first sends emails to
 * a real SMTP server that keeps them in E2E_MAILBOX_DIR (waitForMail reads them); the second has
 * no SMTP, so its invitation emails go to the outbox. Specs read E2E_* variables.
 */
export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-e2e-'));
  const mail = await startMailCatcher({
    dir: path.join(dataDir, 'mailbox'),
    port: Number(process.env.E2E_SMTP_PORT ?? 0),
  });
  const stack = await startStack({
    server: 'start',
    mode: 'test',
    canopyPort: Number(process.env.E2E_CANOPY_PORT ?? 3100),
    simulatorPort: Number(process.env.E2E_SIMULATOR_PORT ?? 8543),
    certificateCanopyPort: Number(process.env.E2E_CERTIFICATE_CANOPY_PORT ?? 3101),
    dataDir,
    echo: process.env.E2E_VERBOSE ? undefined : null,
    smtp: { url: mail.url, from: 'Contoso Security Partners <onboarding@contoso-partner.example>' },
  }).catch(async (error: unknown) => {
    await mail.stop();
    throw error;
  });
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  process.env.E2E_SIMULATOR_URL = stack.simulatorUrl;
  process.env.E2E_SIMULATOR_CA = stack.caCertPath;
  process.env.E2E_SIMULATOR_CONTROL_TOKEN_FILE = stack.controlTokenFile;
  process.env.E2E_CERTIFICATE_CANOPY_URL = stack.certificateCanopyUrl ?? '';
  process.env.E2E_MAILBOX_DIR = mail.dir;

  return async () => {
    await stack.stop();
    await mail.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
