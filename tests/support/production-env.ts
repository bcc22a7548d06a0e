/**
 * A complete production configuration with nothing from the developer's environment (tests that
 * start Canopy's real entry points break one setting at a time). The secret value must never
 * appear in output.
 */
export const NEVER_PRINTED_SECRET = 'never-printed-value';

export function productionEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: '1',
    CANOPY_ENV: 'production',
    CANOPY_PUBLIC_URL: 'https://canopy.example.com',
    CANOPY_AUTH_SECRET: 'p'.repeat(48),
    ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
    ENTRA_CLIENT_SECRET: NEVER_PRINTED_SECRET,
    DATABASE_URL: 'postgresql://canopy@127.0.0.1:1/canopy',
    CANOPY_PARTNER_NAME: 'Contoso Security Partners',
    ...overrides,
  } as unknown as NodeJS.ProcessEnv;
}
