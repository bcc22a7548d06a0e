/**
 * Fills a Canopy database with connected tenants and stored alerts directly in SQL, for the
 * page benchmarks: a million alerts through the sync would take the sync's time, and the pages
 * read only the database. Shapes follow what the sync stores (lib/defender/alert-row.ts): text
 * upstream values, the severity rank, a payload with a description and evidence.
 */
import pg from 'pg';

const TITLES = [
  'Suspicious PowerShell command line',
  "Suspicious 'Meterpreter' behavior was detected",
  'Possible credential theft activity',
  'Ransomware behavior detected in the file system',
  'Suspicious process injection observed',
  'Anomalous sign-in from an unfamiliar location',
  'Malicious URL was clicked on a device',
  'Suspicious scheduled task registration',
  'Use of living-off-the-land binary to run malicious code',
  'Suspicious LDAP query',
  'Hands-on-keyboard attack via Cobalt Strike',
  'Suspicious file dropped and launched',
];
const CATEGORIES = ['Execution', 'DefenseEvasion', 'CredentialAccess', 'Malware', 'InitialAccess', 'CommandAndControl'];

export type GenerateOptions = { tenants: number; alerts: number; onProgress?: (inserted: number) => void };

/** Rows per INSERT statement: progress shows, and no statement holds minutes of WAL. */
const CHUNK = 100_000;

export async function generateAlerts(databaseUrl: string, options: GenerateOptions): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO customer_tenant (id, entra_tenant_id, display_name, data_sources, status, permissions, updated_at)
       SELECT gen_random_uuid(), gen_random_uuid(), 'Bench customer ' || lpad(i::text, 4, '0'),
              ARRAY['MDE_ALERTS']::"DataSource"[], 'CONNECTED',
              '[{"dataSource":"MDE_ALERTS","granted":["Alert.Read.All"]}]'::jsonb, now()
         FROM generate_series(1, $1) AS i`,
      [options.tenants],
    );
    await client.query(`CREATE TEMP TABLE bench_tenant AS
      SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n FROM customer_tenant WHERE display_name LIKE 'Bench customer %'`);
    for (let start = 0; start < options.alerts; start += CHUNK) {
      const end = Math.min(options.alerts, start + CHUNK);
      // Alerts are spread evenly over tenants, created over the last 30 days, and changed up to a
      // day after creation; severities and statuses in proportions a SOC sees (mostly low/medium).
      await client.query(
        `INSERT INTO alert (tenant_id, source, upstream_id, title, severity, severity_rank, status, category,
           classification, detection_source, machine_id, computer_dns_name, related_user, incident_id,
           mitre_techniques, first_activity, last_activity, alert_creation_time, last_update_time, payload,
           first_synced_at, synced_at, is_primary)
         SELECT t.id, 'MDE', 'da' || g.i || '_' || t.n,
                ($3::text[])[1 + g.i % cardinality($3::text[])] || ' on ws-' || (g.i % 7919),
                (ARRAY['High','Medium','Medium','Medium','Low','Low','Low','Low','Informational','Informational'])[1 + g.i % 10],
                (ARRAY[4,3,3,3,2,2,2,2,1,1])[1 + g.i % 10],
                (ARRAY['New','New','New','New','New','InProgress','InProgress','Resolved','Resolved','Resolved'])[1 + (g.i / 10) % 10],
                ($4::text[])[1 + g.i % cardinality($4::text[])],
                CASE WHEN g.i % 10 >= 7 THEN 'TruePositive' END,
                'WindowsDefenderAtp', md5(g.i::text), 'ws-' || (g.i % 7919) || '.corp.example',
                'CORP\\user' || (g.i % 2003), (g.i / 5)::text, ARRAY['T1059','T1027'],
                c.created - interval '2 minutes', c.created, c.created,
                LEAST(c.created + (g.i % 1440) * interval '1 minute', now() AT TIME ZONE 'UTC'),
                jsonb_build_object(
                  'description', repeat('The process ran an encoded command that downloads and starts a payload. ', 4),
                  'evidence', jsonb_build_array(
                    jsonb_build_object('entityType', 'Process', 'fileName', 'powershell.exe',
                      'processCommandLine', 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
                      'sha1', md5(g.i::text || 'p')),
                    jsonb_build_object('entityType', 'File', 'fileName', 'payload' || g.i % 97 || '.dll',
                      'filePath', 'C:\\Users\\Public\\', 'sha256', md5(g.i::text) || md5(g.i::text || 'f')),
                    jsonb_build_object('entityType', 'Ip', 'ipAddress', '203.0.113.' || g.i % 250)),
                  'comments', '[]'::jsonb),
                now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', true
           FROM generate_series($1::bigint, $2::bigint - 1) AS g(i)
           JOIN bench_tenant t ON t.n = g.i % $5
           CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - (g.i * 7919 % 43200) * interval '1 minute' AS created) c`,
        [start, end, TITLES, CATEGORIES, options.tenants],
      );
      options.onProgress?.(end);
    }
    // What the sync leaves beside the alerts: each tenant's feed, synced a few minutes ago, and the
    // rollups its refreshAlertRollup keeps (the pages' counts and chart read them).
    await client.query(
      `INSERT INTO tenant_source_sync (tenant_id, source, status, last_run_started_at, last_run_finished_at,
         last_success_at, next_run_at, backfill_completed_at, updated_at)
       SELECT id, 'MDE_ALERTS', 'SUCCEEDED', n.now - interval '4 minutes', n.now - interval '3 minutes',
              n.now - interval '3 minutes', n.now + interval '2 minutes', n.now - interval '1 day', n.now
         FROM bench_tenant CROSS JOIN (SELECT now() AT TIME ZONE 'UTC' AS now) n`,
    );
    await client.query(
      `INSERT INTO alert_daily_count (tenant_id, day, severity_rank, count)
       SELECT tenant_id, alert_creation_time::date, severity_rank, count(*)
         FROM alert WHERE is_primary AND tenant_id IN (SELECT id FROM bench_tenant)
        GROUP BY 1, 2, 3`,
    );
    await client.query(
      `INSERT INTO alert_daily_total (day, severity_rank, count)
       SELECT day, severity_rank, sum(count)
         FROM alert_daily_count WHERE tenant_id IN (SELECT id FROM bench_tenant)
        GROUP BY 1, 2 ORDER BY 1, 2
       ON CONFLICT (day, severity_rank) DO UPDATE SET count = alert_daily_total.count + EXCLUDED.count`,
    );
    await client.query(
      `INSERT INTO alert_tenant_total (tenant_id, severity_rank, count)
       SELECT tenant_id, severity_rank, sum(count)
         FROM alert_daily_count WHERE tenant_id IN (SELECT id FROM bench_tenant)
        GROUP BY 1, 2`,
    );
    // As autovacuum would have long before a million alerts were stored over weeks: it empties the
    // trigram indexes' pending lists (every search scans them linearly until then), marks pages
    // all-visible for index-only scans, and gathers the planner's statistics.
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}
