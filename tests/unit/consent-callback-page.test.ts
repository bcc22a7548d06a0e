import { describe, expect, it } from 'vitest';
import { explainAadsts } from '@/lib/consent/aadsts';
import { renderCallbackPage } from '@/lib/consent/callback-page-html';
import type { CallbackPage } from '@/lib/consent/handle-callback';

const HOSTILE_PARTNER = `Contoso <script>alert(1)</script> & "Partners" 'Ltd'`;
const HOSTILE_TENANT = `Fabrikam <img src=x onerror=alert(2)>`;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const declined = explainAadsts(65004);
const PAGES: CallbackPage[] = [
  { kind: 'accepted', tenantName: HOSTILE_TENANT },
  { kind: 'declined', tenantName: HOSTILE_TENANT, code: 65004, explanation: declined },
  { kind: 'failed', tenantName: HOSTILE_TENANT, code: 50020, explanation: explainAadsts(50020) },
  { kind: 'failed', tenantName: HOSTILE_TENANT, code: null, explanation: explainAadsts(null) },
  { kind: 'rejected' },
  ...(['missing', 'duplicate', 'unknown', 'expired', 'spent', 'superseded'] as const).map((reason): CallbackPage => ({
    kind: 'invalid',
    reason,
  })),
];

describe('renderCallbackPage', () => {
  it.each(PAGES.map((page) => [page.kind, page] as const))(
    '%s: escapes the partner and tenant names and shows no ids',
    (_kind, page) => {
      const html = renderCallbackPage(page, HOSTILE_PARTNER);
      expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
      expect(html).toContain('Contoso &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Partners&quot; &#39;Ltd&#39;');
      expect(html).not.toMatch(GUID);
    },
  );

  it('names the tenant on success', () => {
    const html = renderCallbackPage(PAGES[0]!, 'Contoso Security Partners');
    expect(html).toContain('<h1>Thank you: consent received</h1>');
    expect(html).toContain('to Fabrikam &lt;img src=x onerror=alert(2)&gt;.');
  });

  it('shows the AADSTS code and its explanation, not the partner-facing next step', () => {
    const html = renderCallbackPage(PAGES[1]!, 'Contoso Security Partners');
    expect(html).toContain('<h1>Consent was declined</h1>');
    expect(html).toContain(`${declined.title} (<code>AADSTS65004</code>): ${declined.explanation}`);
    expect(html).not.toContain(declined.nextStep);
  });

  it('a failure without a code shows no AADSTS at all', () => {
    const html = renderCallbackPage(PAGES[3]!, 'Contoso Security Partners');
    expect(html).toContain('<h1>Consent did not complete</h1>');
    expect(html).not.toContain('AADSTS');
  });

  it('every refusal says why and that nothing changed', () => {
    const texts = PAGES.filter((page) => page.kind === 'invalid').map((page) =>
      renderCallbackPage(page, 'Contoso Security Partners'),
    );
    for (const html of texts) expect(html).toContain('Nothing was changed.');
    expect(new Set(texts).size).toBe(texts.length);
  });
});
