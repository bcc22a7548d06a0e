// Invitation emails through Canopy's send use case, against a real PostgreSQL and a real SMTP
// server (smtp-server, the e2e tests' mail catcher): delivered with the link, refused by the
// server and recorded so, and kept sealed in the outbox when no SMTP server is configured. The
// use case runs in a child process with the configuration from its environment, as in the server.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config/schema';
import type { Db } from '@/lib/db/client';
import { composeInvitationMessage } from '@/lib/email/invitation-message';
import { openSealed } from '@/lib/security/seal';
import type { OutboxBody, SendInvitationResult } from '@/lib/email/send-invitation';
import { invitationFacts } from '@/lib/invitations/invitation-facts';
import { hashSecretToken } from '@/lib/security/secret-token';
import { startMailCatcher, waitForMail, type MailCatcher } from '../e2e/support/mail-catcher';
import { startIntegrationWorld, TENANTS, type IntegrationWorld } from './support/integration-world';

const FABRIKAM = TENANTS.fabrikam;
const FROM = 'Contoso Security Partners <onboarding@contoso-partner.example>';
const REFUSED = 'gone@fabrikam.example';
const PASSWORD = 'S3cret!pass';

let world: IntegrationWorld;
let db: Db;
let catcher: MailCatcher;
let loginRequired: MailCatcher;
let actor: { id: string; name: string };

beforeAll(async () => {
  world = await startIntegrationWorld({
    name: 'email',
    env: { CANOPY_PUBLIC_URL: 'http://localhost:3999', CANOPY_PARTNER_NAME: 'Contoso Security Partners' },
  });
  ({ db } = world);
  catcher = await startMailCatcher({
    dir: path.join(world.tempDir, 'mailbox'),
    handlers: {
      onRcptTo: (address, _session, callback) =>
        callback(
          address.address === REFUSED
            ? Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 })
            : null,
        ),
    },
  });
  // A server that turns the login down, echoing what it was given, as a careless one might.
  loginRequired = await startMailCatcher({
    dir: path.join(world.tempDir, 'unused'),
    handlers: {
      onAuth: (auth, _session, callback) =>
        callback(
          Object.assign(new Error(`Authentication failed for ${auth.username} with ${auth.password}`), {
            responseCode: 535,
          }),
        ),
    },
  });
  actor = await world.createStaffUser('Avery Admin');
}, 60_000);

afterAll(async () => {
  await catcher?.stop();
  await loginRequired?.stop();
  await world?.stop();
});

beforeEach(async () => {
  await db.customerTenant.deleteMany();
});

/** Canopy's send use case in a child process: SMTP through `smtpUrl`, or none. */
function send(
  tenantIds: string[],
  options: { smtpUrl: string | null; to?: string[] },
): Promise<SendInvitationResult | { tenantId: string; result: SendInvitationResult }[]> {
  const smtp = options.smtpUrl ? { SMTP_URL: options.smtpUrl, SMTP_FROM: FROM } : {};
  return world.runScript('send-invitation.ts', [JSON.stringify({ tenantIds, actor, to: options.to })], smtp);
}

async function registerFabrikam(adminEmails: string[], entraTenantId = FABRIKAM) {
  return db.customerTenant.create({
    data: {
      entraTenantId,
      displayName: 'Fabrikam',
      domain: 'fabrikam.onmicrosoft.com',
      adminEmails,
      dataSources: ['MDE_ALERTS', 'GRAPH_SECURITY'],
    },
    select: { id: true },
  });
}

/** The invitation a link points at, found by the link token's hash (the token itself is not stored). */
async function invitationOf(link: string) {
  const token = /\/invite\/([\w-]{43})$/.exec(link)?.[1];
  expect(token).toBeDefined();
  return db.invitation.findUnique({ where: { tokenHash: hashSecretToken(token!) } });
}

const sendEvents = async () =>
  (
    await db.auditEvent.findMany({
      where: { action: 'invitation.sent' },
      orderBy: { id: 'desc' },
      take: 1,
      select: { result: true, detail: true },
    })
  )[0];

describe('invitation emails', () => {
  it('are delivered through SMTP with the invitation link; only the outcome is kept', async () => {
    const tenant = await registerFabrikam(['dana.admin@fabrikam.example', 'it@fabrikam.example']);
    const since = new Date();
    const result = await send([tenant.id], { smtpUrl: catcher.url });
    expect(result).toMatchObject({ outcome: 'sent', to: ['dana.admin@fabrikam.example', 'it@fabrikam.example'] });

    const mail = await waitForMail('dana.admin@fabrikam.example', { since, dir: catcher.dir });
    expect(mail.from?.text).toBe(`"Contoso Security Partners" <onboarding@contoso-partner.example>`);
    expect(mail.subject).toBe(
      'Contoso Security Partners: please approve read-only access to Microsoft Defender for Fabrikam',
    );
    const link = /http:\/\/localhost:3999\/invite\/[\w-]{43}/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).toContain('A Global Administrator or a Privileged Role Administrator of Fabrikam');
    const invitation = await invitationOf(link!);
    expect(invitation).toMatchObject({ tenantId: tenant.id, revokedAt: null, createdById: actor.id });

    const email = await db.emailMessage.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(email).toMatchObject({
      status: 'ACCEPTED',
      sealedBody: null,
      invitationId: invitation!.id,
      createdById: actor.id,
      to: ['dana.admin@fabrikam.example', 'it@fabrikam.example'],
      subject: mail.subject,
    });
    expect(email.serverResponse).toMatch(/^250 /);
    expect(await sendEvents()).toEqual({
      result: 'SUCCESS',
      detail: {
        to: ['dana.admin@fabrikam.example', 'it@fabrikam.example'],
        transport: 'smtp',
        host: `127.0.0.1:${catcher.port}`,
        responseCode: 250,
      },
    });
  }, 60_000);

  it('record a refusal by the SMTP server with its reason, and withdraw the undelivered link', async () => {
    const tenant = await registerFabrikam([REFUSED]);
    const result = await send([tenant.id], { smtpUrl: catcher.url });
    expect(result).toMatchObject({ outcome: 'failed', to: [REFUSED] });
    const email = await db.emailMessage.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(email.status).toBe('FAILED');
    expect(email.serverResponse).toBe(
      "EENVELOPE: Can't send mail - all recipients were rejected: 550 5.1.1 Mailbox unavailable",
    );
    expect(email.sealedBody).toBeNull();
    const invitation = await db.invitation.findUniqueOrThrow({ where: { id: email.invitationId! } });
    expect(invitation.revokedAt).not.toBeNull();
    expect(await sendEvents()).toMatchObject({
      result: 'FAILURE',
      detail: { to: [REFUSED], transport: 'smtp', responseCode: 550, linkWithdrawn: true },
    });
  }, 60_000);

  it('never record the SMTP credentials, even when the server repeats them', async () => {
    const tenant = await registerFabrikam(['dana.admin@fabrikam.example']);
    const url = `smtp://canopy-mailer:${encodeURIComponent(PASSWORD)}@127.0.0.1:${loginRequired.port}`;
    const result = await send([tenant.id], { smtpUrl: url });
    expect(result).toMatchObject({ outcome: 'failed' });
    const email = await db.emailMessage.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(email.serverResponse).toMatch(/^EAUTH: .*535 Authentication failed for \[redacted\] with \[redacted\]$/);
    const everything = JSON.stringify([result, email, await sendEvents()]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
    expect(everything).not.toContain('canopy-mailer');
  }, 60_000);

  it('wait in the outbox, sealed, when no SMTP server is configured', async () => {
    const tenant = await registerFabrikam(['dana.admin@fabrikam.example']);
    const before = await readdir(catcher.dir);
    const result = await send([tenant.id], { smtpUrl: null });
    expect(result).toMatchObject({ outcome: 'outbox', to: ['dana.admin@fabrikam.example'] });
    const email = await db.emailMessage.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(email).toMatchObject({ status: 'OUTBOX', serverResponse: null });
    expect(email.sealedBody).not.toContain('/invite/');

    const config = parseConfig(world.canopyEnv());
    const body = JSON.parse(
      openSealed(email.sealedBody!, { secret: config.authSecret, purpose: 'outboxEmail', context: email.id }),
    ) as OutboxBody;
    const invitation = await invitationOf(body.link);
    expect(invitation?.id).toBe(email.invitationId);
    const tenantRow = await db.customerTenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(body).toEqual({
      ...composeInvitationMessage({
        facts: invitationFacts(config, tenantRow),
        url: body.link,
        expiresAt: invitation!.expiresAt,
      }),
      link: body.link,
    });
    expect(body.subject).toBe(email.subject);
    expect(await readdir(catcher.dir)).toEqual(before);
    expect(await sendEvents()).toEqual({
      result: 'SUCCESS',
      detail: { to: ['dana.admin@fabrikam.example'], transport: 'outbox' },
    });
  }, 60_000);

  it('are refused, with nothing created, for a tenant without an administrator address; bulk sends go on', async () => {
    const without = await registerFabrikam([]);
    const other = await registerFabrikam(['it@litware.example'], '627bf0fe-8288-406a-a18b-79e8054a20e1');
    const results = await send([without.id, other.id], { smtpUrl: null });
    expect(results).toEqual([
      {
        tenantId: without.id,
        result: {
          outcome: 'refused',
          error: 'Fabrikam has no administrator email address: add one (Edit), or create a link and send it yourself.',
        },
      },
      { tenantId: other.id, result: { outcome: 'outbox', to: ['it@litware.example'], emailId: expect.any(String) } },
    ]);
    expect(await db.invitation.count({ where: { tenantId: without.id } })).toBe(0);
    expect(await db.emailMessage.count({ where: { tenantId: without.id } })).toBe(0);
    expect(await db.customerTenant.findUniqueOrThrow({ where: { id: without.id } })).toMatchObject({
      status: 'REGISTERED',
    });
  }, 60_000);
});
