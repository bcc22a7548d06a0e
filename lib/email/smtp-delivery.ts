import 'server-only';
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '@/lib/config/schema';
import type { InvitationMessage } from './invitation-message';

export type SmtpDelivery =
  | { ok: true; response: string; responseCode: number | null }
  | { ok: false; error: string; responseCode: number | null };

/** An admin waits for the answer: fail within seconds, not nodemailer's default minutes. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };
const MAX_ERROR_LENGTH = 500;

/**
 * One message through the configured server. The URL decides TLS: `smtps://` is TLS from the
 * first byte, `smtp://` upgrades with STARTTLS when the server offers it; certificates are
 * checked against Node's CAs plus NODE_EXTRA_CA_CERTS. Never throws: the outcome is recorded.
 */
export async function deliverBySmtp(
  smtp: SmtpSettings,
  message: InvitationMessage & { to: string[] },
): Promise<SmtpDelivery> {
  const transport = nodemailer.createTransport({ url: smtp.url, ...TIMEOUTS });
  try {
    const info = await transport.sendMail({ from: smtp.from, ...message });
    const refused = info.rejected.map((address) => (typeof address === 'string' ? address : address.address));
    // A server may accept some recipients and refuse others: the message went out, say to whom not.
    const response = refused.length > 0 ? `${info.response} (refused: ${refused.join(', ')})` : info.response;
    return { ok: true, response: redact(response, smtp.url), responseCode: replyCode(info.response) };
  } catch (error) {
    const { code, response, message: text } = error as { code?: string; response?: string; message?: string };
    const described = [code, text ?? String(error)].filter(Boolean).join(': ');
    return { ok: false, error: redact(described, smtp.url), responseCode: replyCode(response) };
  } finally {
    transport.close();
  }
}

function replyCode(response: string | undefined): number | null {
  const code = /^(\d{3})\b/.exec(response ?? '')?.[1];
  return code ? Number(code) : null;
}

/** Errors are shown to staff and kept: never with the URL's user name or password in them. */
function redact(text: string, url: string): string {
  const { username, password } = new URL(url);
  const secrets = [url, password, decoded(password), username, decoded(username)];
  const redacted = secrets
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  return redacted.length > MAX_ERROR_LENGTH ? `${redacted.slice(0, MAX_ERROR_LENGTH)}…` : redacted;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
