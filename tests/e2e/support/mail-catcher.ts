import { randomUUID } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export type MailCatcher = {
  /** An SMTP_URL for Canopy: plain SMTP on loopback, login optional. */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
};

/**
 * A real SMTP server for the tests (smtp-server on 127.0.0.1): every message it accepts is
 * written to `dir` as `<received ms>-<uuid>.eml`. No STARTTLS, so Canopy's `smtp://` client stays
 * in plain text without a certificate to trust. `handlers` can refuse logins or recipients.
 */
export async function startMailCatcher(options: {
  dir: string;
  port?: number;
  handlers?: Pick<SMTPServerOptions, 'onAuth' | 'onRcptTo'>;
}): Promise<MailCatcher> {
  await mkdir(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...options.handlers,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const file = path.join(options.dir, `${Date.now()}-${randomUUID()}.eml`);
        // Written aside, then renamed: a reader never sees half a message.
        writeFile(`${file}.part`, Buffer.concat(chunks))
          .then(() => rename(`${file}.part`, file))
          .then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    dir: options.dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((a) => a.address?.toLowerCase() ?? ''));
}

/** The first message to `to` received at or after `since`, if there is one yet. */
async function findMail(dir: string, to: string, since: Date): Promise<ParsedMail | null> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
  for (const name of names) {
    if (Number(name.split('-')[0]) < since.getTime()) continue;
    const mail = await simpleParser(await readFile(path.join(dir, name)));
    if (addresses(mail.to).includes(to.toLowerCase())) return mail;
  }
  return null;
}

/**
 * Waits for a message to `to` received at or after `since` in the mail catcher's directory
 * (E2E_MAILBOX_DIR unless given), parsed. Woken by each new file; fails at the deadline.
 */
export async function waitForMail(
  to: string,
  options: { since: Date; dir?: string; timeoutMs?: number },
): Promise<ParsedMail> {
  const dir = options.dir ?? process.env.E2E_MAILBOX_DIR;
  if (!dir) throw new Error('E2E_MAILBOX_DIR is not set: run through playwright.config.ts (global setup).');
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise<ParsedMail>((resolve, reject) => {
    let settled = false;
    let checking = Promise.resolve();
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      watcher.close();
      outcome();
    };
    // Watching starts before the first look, so a message arriving in between is not missed.
    const watcher = watch(dir, () => void check());
    const deadline = setTimeout(
      () => finish(() => reject(new Error(`No email to ${to} arrived in ${dir} within ${timeoutMs} ms.`))),
      timeoutMs,
    );
    const check = () =>
      (checking = checking
        .then(() => (settled ? null : findMail(dir, to, options.since)))
        .then((mail) => {
          if (mail) finish(() => resolve(mail));
        })
        .catch((error: Error) => finish(() => reject(error))));
    void check();
  });
}
