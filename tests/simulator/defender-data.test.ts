import { describe, expect, it } from 'vitest';
import { evidenceFor } from '../../simulator/defender/data/evidence';
import { generateTenant } from '../../simulator/defender/data/generate-tenant';
import type { TenantProfile } from '../../simulator/defender/data/model';
import {
  formatTicks,
  parseDateTimeLiteral,
  TICKS_PER_DAY,
  TICKS_PER_MINUTE,
  ticksFromMs,
} from '../../simulator/defender/data/ticks';
import { LiveSchedule } from '../../simulator/defender/live/live-schedule';
import { compileFilter, type FilterSchema } from '../../simulator/defender/odata/compile-filter';
import { FilterSyntaxError, parseFilter } from '../../simulator/defender/odata/parse-filter';
import { TenantRegistry, type DefenderTenant } from '../../simulator/defender/store/tenant-registry';

const ANCHOR = ticksFromMs(Date.UTC(2026, 4, 10, 12));
const profile = (overrides: Partial<TenantProfile> = {}): TenantProfile => ({
  tenantId: '11111111-2222-4333-8444-555555555555',
  displayName: 'Contoso',
  domain: 'contoso.onmicrosoft.com',
  seed: '',
  alertCount: 300,
  anchor: ANCHOR,
  ...overrides,
});

describe('timestamps (ticks)', () => {
  it("format like .NET's OData writer: up to seven fraction digits, trailing zeros dropped", () => {
    const base = parseDateTimeLiteral('2020-07-20T10:53:48Z')!;
    expect(formatTicks(base + 7657932)).toBe('2020-07-20T10:53:48.7657932Z');
    expect(formatTicks(base + 1900000)).toBe('2020-07-20T10:53:48.19Z');
    expect(formatTicks(base)).toBe('2020-07-20T10:53:48Z');
  });

  it('parse every DateTimeOffset literal form to the same instant', () => {
    const z = parseDateTimeLiteral('2019-11-22T00:00:00Z');
    expect(parseDateTimeLiteral('2019-11-22T00:00Z')).toBe(z);
    expect(parseDateTimeLiteral('2019-11-22T00:00:00.0000000Z')).toBe(z);
    expect(parseDateTimeLiteral('2019-11-22T02:00:00+02:00')).toBe(z);
    expect(parseDateTimeLiteral('2019-11-21T19:30:00-04:30')).toBe(z);
    expect(parseDateTimeLiteral('2019-11-22T00:00:00.1234567Z')).toBe(z! + 1234567);
    expect(parseDateTimeLiteral('2019-11-22T00:00:00.5Z')).toBe(z! + 5_000_000);
    for (const bad of [
      '2019-11-22',
      '2019-11-22T00:00:00',
      '2019-02-30T00:00:00Z',
      '2019-11-22T24:00:00Z',
      '2019-11-22T00:00:00.12345678Z',
    ]) {
      expect(parseDateTimeLiteral(bad), bad).toBeUndefined();
    }
  });
});

describe('data generator', () => {
  it('is deterministic: the same tenant, seed and anchor give identical data', () => {
    const a = generateTenant(profile());
    const b = generateTenant(profile());
    expect(JSON.stringify(b.alerts)).toBe(JSON.stringify(a.alerts));
    expect(JSON.stringify(b.incidents)).toBe(JSON.stringify(a.incidents));
    const other = generateTenant(profile({ seed: 'another' }));
    expect(other.alerts[0]!.id).not.toBe(a.alerts[0]!.id);
  });

  it('generates alertCount Defender for Endpoint alerts, plus a few Cloud Apps/Sentinel ones, in the last 30 days', () => {
    const data = generateTenant(profile({ alertCount: 240 }));
    const endpoint = data.alerts.filter((alert) => alert.source === 'endpoint');
    expect(endpoint).toHaveLength(240);
    expect(data.alerts.length - endpoint.length).toBe(20);
    for (const alert of data.alerts) {
      expect(alert.alertCreationTime).toBeLessThan(ANCHOR);
      expect(alert.alertCreationTime).toBeGreaterThan(ANCHOR - 31 * TICKS_PER_DAY);
      expect(alert.lastUpdateTime).toBeGreaterThanOrEqual(alert.alertCreationTime);
      expect(alert.lastUpdateTime).toBeLessThanOrEqual(ANCHOR);
      expect(alert.firstEventTime).toBeLessThanOrEqual(alert.lastEventTime);
      expect(alert.resolvedTime === null).toBe(alert.status !== 'Resolved');
    }
    for (const alert of endpoint) {
      expect(alert.id).toMatch(/^da\d{18}_-?\d+$/);
      expect(alert.device!.machineId).toMatch(/^[0-9a-f]{40}$/);
      expect(alert.device!.computerDnsName.endsWith('.contoso.onmicrosoft.com')).toBe(true);
    }
  });

  it('has realistic mixes: mostly open alerts, Medium the most common severity, MITRE-aligned categories', () => {
    const data = generateTenant(profile({ alertCount: 1000 }));
    const count = (pick: (alert: (typeof data.alerts)[number]) => string | null) => {
      const counts = new Map<string | null, number>();
      for (const alert of data.alerts) counts.set(pick(alert), (counts.get(pick(alert)) ?? 0) + 1);
      return counts;
    };
    const statuses = count((alert) => alert.status);
    expect((statuses.get('New') ?? 0) + (statuses.get('InProgress') ?? 0)).toBeGreaterThan(
      statuses.get('Resolved') ?? 0,
    );
    expect(statuses.get('Resolved')).toBeGreaterThan(50);
    const severities = count((alert) => alert.severity);
    const medium = severities.get('Medium')!;
    for (const severity of ['Informational', 'Low', 'High'])
      expect(severities.get(severity), severity).toBeLessThan(medium);
    const categories = count((alert) => alert.category);
    for (const category of [
      'Execution',
      'DefenseEvasion',
      'CredentialAccess',
      'InitialAccess',
      'CommandAndControl',
      'Persistence',
      'LateralMovement',
      'Exfiltration',
      'Impact',
      'SuspiciousActivity',
      'Malware',
    ]) {
      expect(categories.get(category), category).toBeGreaterThan(0);
    }
    expect(count((alert) => alert.assignedTo).get(null)).toBeGreaterThan(50);
    expect(
      data.alerts.every((alert) => alert.mitreTechniques.every((technique) => /^T\d{4}(\.\d{3})?$/.test(technique))),
    ).toBe(true);
  });

  it('groups 1–5 alerts per incident, and every alert points at its incident', () => {
    const data = generateTenant(profile());
    const incidents = new Map(data.incidents.map((incident) => [incident.incidentId, incident]));
    for (const alert of data.alerts) expect(incidents.get(alert.incidentId)!.alertIds).toContain(alert.id);
    for (const incident of data.incidents) {
      if (incident.status === 'Redirected') {
        expect(incident.alertIds).toHaveLength(0);
        expect(incidents.has(incident.redirectIncidentId!)).toBe(true);
      } else {
        expect(incident.alertIds.length).toBeGreaterThanOrEqual(1);
        expect(incident.alertIds.length).toBeLessThanOrEqual(5);
      }
    }
  });

  it('derives the same evidence for an alert every time', () => {
    const data = generateTenant(profile());
    const alert = data.alerts.find((candidate) => candidate.evidenceKinds.includes('Process'))!;
    const first = evidenceFor(alert, data.profile, null);
    expect(evidenceFor(alert, data.profile, null)).toEqual(first);
    expect(first.map((item) => item.entityType)).toEqual(alert.evidenceKinds);
  });
});

describe('$filter parsing and type checks', () => {
  type Row = { when: number; name: string | null; n: number };
  const schema: FilterSchema<Row> = {
    entityType: 'Row',
    fields: [
      { name: 'when', type: 'datetime', get: (row) => row.when },
      { name: 'name', type: 'string', get: (row) => row.name },
      { name: 'n', type: 'long', get: (row) => row.n },
      { name: 'secret', type: 'string', get: () => null, filterable: false },
    ],
  };
  const t = parseDateTimeLiteral('2024-01-01T00:00:00Z')!;
  const rows: Row[] = [
    { when: t, name: "a'b", n: 1 },
    { when: t + 10, name: null, n: 2 },
    { when: t + 20, name: 'c', n: 3 },
  ];
  const run = (filter: string) =>
    rows.filter(compileFilter(schema, parseFilter(filter), 'when').test).map((row) => row.n);

  it("evaluates operators, and/or/not, parentheses, null and '' escaping", () => {
    expect(run('n eq 2')).toEqual([2]);
    expect(run('n ne 2')).toEqual([1, 3]);
    expect(run('n gt 1 and n lt 3')).toEqual([2]);
    expect(run('n ge 2')).toEqual([2, 3]);
    expect(run('n le 2')).toEqual([1, 2]);
    expect(run("n eq 1 or (n eq 3 and name eq 'c')")).toEqual([1, 3]);
    expect(run('not (n eq 1)')).toEqual([2, 3]);
    expect(run('name eq null')).toEqual([2]);
    expect(run('name ne null')).toEqual([1, 3]);
    expect(run('name gt null')).toEqual([]);
    expect(run("name eq 'a''b'")).toEqual([1]);
    expect(run("NAME eq 'c'")).toEqual([3]);
    expect(run('when ge 2024-01-01T00:00:00.000001Z')).toEqual([2, 3]);
  });

  it('computes index bounds from the top-level and-chain', () => {
    const range = compileFilter(
      schema,
      parseFilter('when ge 2024-01-01T00:00:00Z and n eq 1 and 2024-02-01T00:00:00Z gt when'),
      'when',
    ).range;
    expect(range).toEqual({
      min: { value: t, strict: false },
      max: { value: parseDateTimeLiteral('2024-02-01T00:00:00Z')!, strict: true },
    });
    expect(compileFilter(schema, parseFilter('when ge 2024-01-01T00:00:00Z or n eq 1'), 'when').range).toEqual({});
  });

  it('refuses bad syntax, unknown or non-filterable properties and mismatched types', () => {
    const refuse = (filter: string, message: RegExp) =>
      expect(() => compileFilter(schema, parseFilter(filter), 'when')).toThrow(message);
    refuse('n eq', /Expression expected/);
    refuse('n EQ 1', /operators are lower case/);
    refuse('(n eq 1', /'\)' or operator expected/);
    refuse("name eq 'open", /unterminated string/);
    refuse("startswith(name,'a')", /unknown function/);
    refuse('other eq 1', /Could not find a property named 'other' on type 'Row'/);
    refuse("secret eq 'x'", /cannot be used in the \$filter query option/);
    refuse(
      "when ge '2024-01-01T00:00:00Z'",
      /incompatible types.*'Edm.DateTimeOffset' and 'Edm.String'.*GreaterThanOrEqual/,
    );
    refuse("n eq '1'", /incompatible types/);
    refuse('name eq 1', /incompatible types/);
    refuse('when ge 2024-13-01T00:00:00Z', /Unrecognized 'Edm.DateTimeOffset' literal/);
    expect(() => parseFilter('n eq 1 n')).toThrow(FilterSyntaxError);
  });
});

describe('live schedule', () => {
  it('spaces events evenly from the moment a rate takes effect, across rate changes', () => {
    const live = new LiveSchedule();
    live.setRate(0, 2);
    expect(live.eventTimes('t', 0, 2 * TICKS_PER_MINUTE)).toEqual([0.5, 1, 1.5, 2].map((m) => m * TICKS_PER_MINUTE));
    live.setRate(2 * TICKS_PER_MINUTE, 1, 't');
    expect(live.eventTimes('t', 2 * TICKS_PER_MINUTE, 4 * TICKS_PER_MINUTE)).toEqual(
      [3, 4].map((m) => m * TICKS_PER_MINUTE),
    );
    expect(live.eventTimes('other', 2 * TICKS_PER_MINUTE, 3 * TICKS_PER_MINUTE)).toEqual(
      [2.5, 3].map((m) => m * TICKS_PER_MINUTE),
    );
    live.setRate(4 * TICKS_PER_MINUTE, null, 't');
    expect(live.rateAt(5 * TICKS_PER_MINUTE, 't')).toBe(2);
    // Catching up in pieces gives the same events as in one go.
    const whole = live.eventTimes('t', 0, 10 * TICKS_PER_MINUTE);
    const pieces = [0, 1.2, 3.7, 6, 10].map((m) => m * TICKS_PER_MINUTE);
    const stitched = pieces.slice(1).flatMap((to, i) => live.eventTimes('t', pieces[i]!, to));
    expect(stitched).toEqual(whole);
  });
});

describe('tenant registry', () => {
  const tenant = (id: string, alertCount = 200): DefenderTenant => ({
    id,
    displayName: id,
    verifiedDomains: [`t${id.slice(0, 4)}.example.com`],
    products: { defenderForEndpoint: true, defenderXdr: true },
    servicePrincipal: null,
    defender: { alertCount },
    users: [],
  });

  it('rebuilds an evicted tenant to exactly the state it had (writes and live events replayed)', () => {
    let now = Date.UTC(2026, 4, 10, 12, 30);
    const live = new LiveSchedule();
    live.setRate(ticksFromMs(now), 6);
    const registry = new TenantRegistry({ clock: () => now, live, anchor: ANCHOR, cacheAlertBudget: 250 });
    const a = tenant('aaaaaaaa-0000-4000-8000-000000000001');
    const b = tenant('bbbbbbbb-0000-4000-8000-000000000002');

    const first = registry.get(a);
    const target = first.alertsByUpdate.at(0);
    now += 90_000;
    registry.write(a, {
      kind: 'alert-changes',
      actor: 'test',
      alertIds: [target.id],
      changes: { status: 'Resolved', comment: 'done' },
    });
    now += 5 * 60_000;
    registry.write(a, { kind: 'add-alerts', actor: 'test', count: 2, options: {} });
    now += 60_000;
    const before = JSON.stringify([...registry.get(a).alertsById.values()]);
    expect(registry.get(a).liveEventCount).toBe(45); // 7.5 minutes at one event per 10 s

    registry.get(b); // over budget: a is evicted
    expect(registry.stats.evicted).toBe(1);
    const rebuilt = registry.get(a);
    expect(registry.stats.generated).toBe(3);
    expect(JSON.stringify([...rebuilt.alertsById.values()])).toBe(before);
    expect(rebuilt.alertsById.get(target.id)!.comments.at(-1)!.comment).toBe('done');
  });
});
