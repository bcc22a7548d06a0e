/**
 * HTML for emails, escaped by construction: `html` escapes every interpolated value unless it is
 * already SafeHtml. (The simulator has its own: it stands in for Microsoft and shares no code.)
 */
export class SafeHtml {
  constructor(readonly value: string) {}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

type Interpolation = SafeHtml | string | readonly SafeHtml[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string') return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
  return value.map((item) => item.value).join('');
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + render(values[i - 1]!) + text));
}
