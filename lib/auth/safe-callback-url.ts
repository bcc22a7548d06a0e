/** Only same-site paths may be returned to after sign-in: never an absolute or protocol-relative URL. */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  if (value.startsWith('/signin') || value.startsWith('/api/')) return '/';
  return value;
}
