import { Notice } from '@/components/ui/notice';
import type { SmtpSettings } from '@/lib/config/schema';

/** Where invitation emails go, and how to change it. */
export function SmtpNotice({ smtp }: { smtp: SmtpSettings | null }) {
  if (smtp)
    return (
      <Notice tone="info" title={`Invitation emails are sent through ${smtp.host}`}>
        Canopy keeps what the server answered, not the emails themselves. Messages listed as in the outbox were written
        before SMTP was configured.
      </Notice>
    );
  return (
    <Notice tone="info" title="No SMTP server is configured">
      <p>
        Invitation emails wait here. Open one, copy it and send it from your own mail client to the addresses it names.
      </p>
      <p className="mt-1">
        To send them automatically, set <code>SMTP_URL</code> (for example{' '}
        <code className="break-all">smtps://user:password@smtp.example.com:465</code>, or <code>smtp://</code> for
        STARTTLS on port 587) and <code>SMTP_FROM</code> (the sender, such as{' '}
        <code className="break-all">Contoso Security &lt;onboarding@contoso.com&gt;</code>), then restart Canopy.
      </p>
    </Notice>
  );
}
