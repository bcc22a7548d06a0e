import { detectDelimiter, isBlankRecord, readCsv, type CsvRecord } from '@/lib/csv/read-csv';
import type { DataSource } from '@/lib/generated/prisma/enums';
import { registerTenantInput, tenantReference, type RegisterTenantInput } from './tenant-input';
import { DATA_SOURCE_LABELS, DEFAULT_DATA_SOURCES } from './tenant-status';

export const TENANT_CSV_LIMITS = { rows: 500, bytes: 1024 * 1024 };

/** The columns Canopy reads, each with the header names it accepts (compared in lower case, `_` for spaces). */
const COLUMNS = {
  tenant: ['tenant', 'domain', 'tenant_id', 'tenantid'],
  name: ['name', 'display_name', 'displayname'],
  admin_emails: ['admin_emails', 'admin_email', 'email', 'emails'],
  data: ['data', 'data_sources'],
  notes: ['notes'],
} as const;

type Column = keyof typeof COLUMNS;

/** Which column each input field comes from, to name it in a row's error. */
const FIELD_COLUMNS: Record<keyof RegisterTenantInput, Column> = {
  tenant: 'tenant',
  displayName: 'name',
  adminEmails: 'admin_emails',
  dataSources: 'data',
  notes: 'notes',
};

const DATA_ALIASES = new Map<string, DataSource>([
  ...(Object.keys(DATA_SOURCE_LABELS) as DataSource[]).flatMap((source) => [
    [dataKey(source), source] as const,
    [dataKey(DATA_SOURCE_LABELS[source].label), source] as const,
  ]),
  ['mde', 'MDE_ALERTS'],
  ['defender for endpoint', 'MDE_ALERTS'],
  ['xdr', 'XDR_INCIDENTS'],
  ['defender xdr', 'XDR_INCIDENTS'],
  ['graph', 'GRAPH_SECURITY'],
  ['microsoft graph', 'GRAPH_SECURITY'],
]);

/** A row as the spreadsheet numbers it (the header is row 1), with the tenant as typed. */
export type TenantCsvRow = { row: number; reference: string } & (
  { ok: true; input: RegisterTenantInput } | { ok: false; error: string }
);

export type TenantCsvResult =
  { ok: true; rows: TenantCsvRow[]; ignoredColumns: string[] } | { ok: false; error: string };

/**
 * Reads a CSV of customer tenants: a header row naming the columns, then one tenant per row,
 * each validated as the registration form is. A file that cannot be used as a whole (no header,
 * no tenant column, too big, too many rows) fails entirely, so that nothing is registered from it.
 */
export function parseTenantCsv(text: string): TenantCsvResult {
  if (new TextEncoder().encode(text).length > TENANT_CSV_LIMITS.bytes) {
    return { ok: false, error: 'The CSV is larger than 1 MB. Split it into several files.' };
  }
  const read = readCsv(text, detectDelimiter(text));
  if (!read.ok) return read;
  const [header, ...data] = read.records.filter((record) => !isBlankRecord(record));
  if (!header) return { ok: false, error: 'The CSV is empty.' };
  const columns = readHeader(header);
  if (!columns.ok) return columns;
  if (data.length === 0) return { ok: false, error: 'The CSV has a header row but no tenants.' };
  if (data.length > TENANT_CSV_LIMITS.rows) {
    return {
      ok: false,
      error: `The CSV has ${data.length} tenants; at most ${TENANT_CSV_LIMITS.rows} can be imported at once. Split it into several files.`,
    };
  }

  const firstRowOf = new Map<string, number>();
  const rows = data.map((record): TenantCsvRow => {
    const row = readRow(record, columns);
    if (!row.ok) return row;
    const first = firstRowOf.get(row.input.tenant);
    if (first !== undefined) {
      return {
        row: row.row,
        reference: row.reference,
        ok: false,
        error: `Duplicate: the same tenant as row ${first}.`,
      };
    }
    firstRowOf.set(row.input.tenant, row.row);
    return row;
  });
  return { ok: true, rows, ignoredColumns: columns.ignored };
}

type HeaderColumns = { index: Partial<Record<Column, number>>; names: string[]; ignored: string[] };

function readHeader(header: CsvRecord): ({ ok: true } & HeaderColumns) | { ok: false; error: string } {
  const names = header.fields.map((name) => name.trim());
  const index: HeaderColumns['index'] = {};
  const ignored: string[] = [];
  for (const [position, name] of names.entries()) {
    const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const column = (Object.keys(COLUMNS) as Column[]).find((candidate) =>
      (COLUMNS[candidate] as readonly string[]).includes(key),
    );
    if (!column) {
      if (name) ignored.push(name);
    } else if (index[column] !== undefined) {
      return {
        ok: false,
        error: `The header names the ${column} column twice ("${names[index[column]]}" and "${name}").`,
      };
    } else {
      index[column] = position;
    }
  }
  if (index.tenant === undefined) {
    const first = names[0] ?? '';
    return {
      ok: false,
      error: tenantReference.safeParse(first).success
        ? `The first row must name the columns (tenant,name,admin_emails,data), but it starts with "${first}", which looks like a tenant.`
        : 'The header row has no tenant column. Name the column of domains or tenant IDs "tenant" (or "domain", "tenant_id").',
    };
  }
  return { ok: true, index, names, ignored };
}

function readRow(record: CsvRecord, columns: HeaderColumns): TenantCsvRow {
  const cell = (column: Column) => {
    const position = columns.index[column];
    return position === undefined ? '' : (record.fields[position] ?? '');
  };
  const raw = cell('tenant').trim();
  const reference = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw;
  const failed = (error: string): TenantCsvRow => ({ row: record.row, reference, ok: false, error });

  if (record.error) return failed(`The row cannot be read: ${record.error}`);
  if (record.fields.slice(columns.names.length).some((value) => value.trim() !== '')) {
    return failed(
      'The row has more values than the header has columns. Put a value that contains a comma in double quotes.',
    );
  }
  const data = readDataSources(cell('data'));
  const parsed = registerTenantInput.safeParse({
    tenant: raw,
    displayName: cell('name'),
    adminEmails: cell('admin_emails'),
    notes: cell('notes'),
    dataSources: data.ok ? data.sources : DEFAULT_DATA_SOURCES,
  });
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: issue.path[0], message: issue.message }))),
    ...(data.ok ? [] : [{ field: 'dataSources', message: data.error }]),
  ].map(({ field, message }) => {
    const column = FIELD_COLUMNS[field as keyof RegisterTenantInput];
    const position = column ? columns.index[column] : undefined;
    return position === undefined ? message : `${columns.names[position]}: ${message}`;
  });
  if (!parsed.success || !data.ok) return failed(problems.join('; '));
  return { row: record.row, reference, ok: true, input: parsed.data };
}

/** `mde_alerts;xdr_incidents`, friendly names, or nothing for the default. */
function readDataSources(value: string): { ok: true; sources: DataSource[] } | { ok: false; error: string } {
  const names = value
    .split(/[;,|\n]/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return { ok: true, sources: DEFAULT_DATA_SOURCES };
  const unknown = names.filter((name) => !DATA_ALIASES.has(dataKey(name)));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `"${unknown[0]}" is not a kind of Defender data; use mde_alerts, xdr_incidents or graph_security.`,
    };
  }
  return { ok: true, sources: [...new Set(names.map((name) => DATA_ALIASES.get(dataKey(name))!))] };
}

function dataKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
