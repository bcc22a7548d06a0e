import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config/schema';
import { composeInvitationMessage } from '@/lib/email/invitation-message';
import { formatExpiry, invitationFacts } from '@/lib/invitations/invitation-facts';

const config = parseConfig({
  ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  ENTRA_CLIENT_SECRET: 'dev-secret',
  CANOPY_AUTH_SECRET: 'x'.repeat(40),
  CANOPY_PARTNER_NAME: 'Contoso <Security> & "Partners"',
});
const URL = 'https://canopy.example.com/invite/abc_DEF-123?x=1&y=2';
const EXPIRES = new Date('2026-12-14T17:30:00Z');

function compose(tenant: { displayName: string; dataSources: ('MDE_ALERTS' | 'XDR_INCIDENTS' | 'GRAPH_SECURITY')[] }) {
  return composeInvitationMessage({ facts: invitationFacts(config, tenant), url: URL, expiresAt: EXPIRES });
}

describe('the invitation email', () => {
  it('says who asks, for which app, which permissions in plain words, the link, its expiry and how to revoke', () => {
    const { subject, text } = compose({ displayName: 'Fabrikam', dataSources: ['MDE_ALERTS', 'XDR_INCIDENTS'] });
    expect(subject).toBe(
      'Contoso <Security> & "Partners": please approve read-only access to Microsoft Defender for Fabrikam',
    );
    expect(text).toContain(
      'This is an admin-consent request for Contoso <Security> & "Partners"\'s Microsoft Entra application (application ID aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee).',
    );
    expect(text).toContain(
      '- Defender for Endpoint alerts: WindowsDefenderATP Alert.Read.All. Lets Contoso <Security> & "Partners" read the alerts Microsoft Defender for Endpoint raises about your devices.',
    );
    expect(text).toContain('- Defender XDR incidents: Microsoft Threat Protection Incident.Read.All.');
    expect(text).not.toContain('Microsoft Graph');
    expect(text).toContain('Read-only access to these alerts and incidents of Fabrikam');
    expect(text).toContain(`REVIEW AND APPROVE\n${URL}\nThe link works until Monday 14 December 2026, 17:30 UTC.`);
    expect(text).toContain(
      'Enterprise applications, find the application by its ID aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    );
    expect(text).toContain('Properties → Delete');
  });

  it('asks for a Global Administrator when no Graph permission is requested', () => {
    const { text, html } = compose({ displayName: 'Fabrikam', dataSources: ['MDE_ALERTS'] });
    expect(text).toContain(
      'WHO MUST APPROVE\nA Global Administrator of Fabrikam. A Privileged Role Administrator, Cloud Application Administrator or Application Administrator can approve too.',
    );
    expect(html).toContain('<p>A Global Administrator of Fabrikam. A Privileged Role Administrator');
  });

  it('asks for a Global or Privileged Role Administrator when Graph permissions are requested, and says why', () => {
    const { text } = compose({ displayName: 'Fabrikam', dataSources: ['MDE_ALERTS', 'GRAPH_SECURITY'] });
    expect(text).toContain(
      'WHO MUST APPROVE\nA Global Administrator or a Privileged Role Administrator of Fabrikam: Microsoft Graph application permissions are requested, which Application Administrators and Cloud Application Administrators cannot grant.',
    );
    expect(text).toContain('Microsoft Graph SecurityAlert.Read.All, SecurityIncident.Read.All.');
    expect(text).not.toContain('can approve too');
  });

  it('escapes names and the link in the HTML, and keeps the subject on one line', () => {
    const { subject, html } = compose({
      displayName: '<img src=x onerror=alert(1)>\r\nBcc: x@evil.example',
      dataSources: ['MDE_ALERTS'],
    });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('<img src=x onerror=alert(1)> Bcc: x@evil.example');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Contoso &lt;Security&gt; &amp; &quot;Partners&quot;');
    expect(html).not.toContain('Contoso <Security>');
    expect(html).toContain('href="https://canopy.example.com/invite/abc_DEF-123?x=1&amp;y=2"');
    expect(html).toContain('<code>Alert.Read.All</code>');
  });
});

describe('formatExpiry', () => {
  it('spells the date out in UTC, whatever the server time zone', () => {
    expect(formatExpiry(EXPIRES)).toBe('Monday 14 December 2026, 17:30 UTC');
    expect(formatExpiry(new Date('2027-01-01T00:05:00+01:00'))).toBe('Thursday 31 December 2026, 23:05 UTC');
    expect(formatExpiry(new Date('2026-03-09T09:00:00Z'))).toBe('Monday 9 March 2026, 09:00 UTC');
  });
});
