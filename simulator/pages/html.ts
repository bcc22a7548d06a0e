/** HTML produced by `html` or `raw`; anything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template that escapes every interpolated value unless it is already SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

export const STATIC_PREFIX = '/_simulator/static';

/**
 * Page shell in the spirit of the Microsoft sign-in page. Styles and the optional script are
 * external files (no inline code), so the CSP can forbid inline script and style.
 */
export function renderPage(options: { title: string; body: SafeHtml; script?: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="none">
<title>${options.title}</title>
<link rel="stylesheet" href="${STATIC_PREFIX}/sign-in.css">
${options.script ? html`<script src="${STATIC_PREFIX}/${options.script}" defer></script>` : ''}
</head>
<body>
<main class="card">
<p class="brand">Microsoft <span class="sim-badge">Simulator</span></p>
${options.body}
</main>
<p class="footer">Canopy Microsoft simulator: a local stand-in for Microsoft Entra ID. Not a Microsoft service.</p>
</body>
</html>
`.value;
}
