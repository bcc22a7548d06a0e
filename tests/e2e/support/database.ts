import pg from 'pg';

/** Direct SQL against the e2e database, to check what the UI did (not through Canopy's code). */
export async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through playwright.config.ts (global setup).');
  if (!/@(localhost|127\.0\.0\.1)[:/]/.test(url))
    throw new Error('Refusing to run e2e checks against a non-local database.');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function sessionsOf(userPrincipalName: string) {
  return query<{ role: string | null; ended_at: Date | null; expires_at: Date; created_at: Date }>(
    `SELECT s.role, s.ended_at, s.expires_at, s.created_at
       FROM staff_session s JOIN staff_user u ON u.id = s.user_id
      WHERE lower(u.email) = lower($1)
      ORDER BY s.created_at`,
    [userPrincipalName],
  );
}
