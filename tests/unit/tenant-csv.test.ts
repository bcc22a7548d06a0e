import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '@/lib/csv/read-csv';
import { parseTenantCsv, TENANT_CSV_LIMITS, type TenantCsvResult } from '@/lib/tenants/tenant-csv';

const FABRIKAM = 'b9af6492-1a90-486c-a88f-91ca1828be3b';
const ALL_DATA = ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY'];

function rowsOf(result: TenantCsvResult) {
  if (!result.ok) throw new Error(`expected rows, got: ${result.error}`);
  return result.rows;
}

function errorOf(result: TenantCsvResult) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.error;
}

/** Row number → the row's error, or its tenant when it is valid. */
function outcomes(result: TenantCsvResult) {
  return Object.fromEntries(rowsOf(result).map((row) => [row.row, row.ok ? row.input.tenant : `✗ ${row.error}`]));
}

describe('readCsv (RFC 4180)', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and CRLF or LF line ends', () => {
    const read = readCsv('a,"b, c","say ""hi"""\r\n"multi\r\nline",,x\nlast,"",', ',');
    expect(read).toEqual({
      ok: true,
      records: [
        { row: 1, fields: ['a', 'b, c', 'say "hi"'] },
        { row: 2, fields: ['multi\r\nline', '', 'x'] },
        { row: 3, fields: ['last', '', ''] },
      ],
    });
  });

  it('numbers rows as a spreadsheet does: blank lines count, a line break inside quotes does not', () => {
    const read = readCsv('h\n\n"x\ny"\r\n\r\nz', ',');
    expect(read.ok && read.records.map((r) => [r.row, r.fields])).toEqual([
      [1, ['h']],
      [2, ['']],
      [3, ['x\ny']],
      [4, ['']],
      [5, ['z']],
    ]);
  });

  it('strips a byte order mark and tolerates spaces around a quoted value', () => {
    const read = readCsv('\uFEFFtenant, "Fabrikam, Inc." ,x', ',');
    expect(read.ok && read.records[0]!.fields).toEqual(['tenant', 'Fabrikam, Inc.', 'x']);
  });

  it('fails the whole text on a quote that is never closed, naming the row', () => {
    expect(readCsv('a\nb\n"c,d\ne', ',')).toEqual({
      ok: false,
      error: 'Row 3: a quoted value is never closed (a " is missing).',
    });
  });

  it('marks only its record when text follows a closing quote', () => {
    const read = readCsv('"a" b,c\nd', ',');
    expect(read.ok && read.records).toEqual([
      { row: 1, fields: ['a b', 'c'], error: 'a quoted value must be followed by a comma or the end of the row.' },
      { row: 2, fields: ['d'] },
    ]);
  });
});

describe('parseTenantCsv', () => {
  it('reads each row as the registration form would, quoting, CRLF and BOM included', () => {
    const csv =
      '\uFEFFtenant,name,admin_emails,data\r\n' +
      'Fabrikam.onmicrosoft.com,"Fabrikam, Inc. ""EMEA""",dana@fabrikam.example;  it@fabrikam.example,mde_alerts;xdr_incidents\r\n' +
      `${FABRIKAM.toUpperCase()},,,\r\n`;
    const result = parseTenantCsv(csv);
    expect(result).toEqual({
      ok: true,
      ignoredColumns: [],
      rows: [
        {
          row: 2,
          reference: 'Fabrikam.onmicrosoft.com',
          ok: true,
          input: {
            tenant: 'fabrikam.onmicrosoft.com',
            displayName: 'Fabrikam, Inc. "EMEA"',
            adminEmails: ['dana@fabrikam.example', 'it@fabrikam.example'],
            notes: '',
            dataSources: ['MDE_ALERTS', 'XDR_INCIDENTS'],
          },
        },
        {
          row: 3,
          reference: FABRIKAM.toUpperCase(),
          ok: true,
          input: { tenant: FABRIKAM, displayName: '', adminEmails: [], notes: '', dataSources: ALL_DATA },
        },
      ],
    });
  });

  it('matches header names in any case and spelling it knows, and lists the columns it ignores', () => {
    const result = parseTenantCsv(
      'Customer ID,Domain,Display Name,Admin Email,Notes\n42,litware.onmicrosoft.com,Litware,lee@litware.example,VIP\n',
    );
    expect(result.ok && result.ignoredColumns).toEqual(['Customer ID']);
    expect(rowsOf(result)[0]).toMatchObject({
      ok: true,
      input: { tenant: 'litware.onmicrosoft.com', displayName: 'Litware', adminEmails: ['lee@litware.example'] },
    });
    for (const header of ['TENANT_ID', 'tenant id', 'Tenant', 'TenantId']) {
      expect(outcomes(parseTenantCsv(`${header},email\n${FABRIKAM},a@b.example`))).toEqual({ 2: FABRIKAM });
    }
    expect(rowsOf(parseTenantCsv(`tenant,display_name,emails\n${FABRIKAM},F,a@b.example`))[0]).toMatchObject({
      input: { displayName: 'F', adminEmails: ['a@b.example'] },
    });
  });

  it('reads cells pasted from a spreadsheet (tabs) and Excel’s semicolon CSV', () => {
    const tabs = parseTenantCsv(`tenant\tname\tadmin_emails\n${FABRIKAM}\tFabrikam, Inc.\ta@b.example;c@d.example\n`);
    expect(rowsOf(tabs)[0]).toMatchObject({
      input: { displayName: 'Fabrikam, Inc.', adminEmails: ['a@b.example', 'c@d.example'] },
    });
    const semicolons = parseTenantCsv(`tenant;name;admin_emails\n${FABRIKAM};Fabrikam;"a@b.example;c@d.example"\n`);
    expect(rowsOf(semicolons)[0]).toMatchObject({ input: { adminEmails: ['a@b.example', 'c@d.example'] } });
  });

  it('ignores blank lines and rows of empty cells, keeping spreadsheet row numbers', () => {
    const result = parseTenantCsv(`\ntenant,name\n\n${FABRIKAM},F\n,\n\nlitware.onmicrosoft.com,L\n\n`);
    expect(outcomes(result)).toEqual({ 4: FABRIKAM, 7: 'litware.onmicrosoft.com' });
  });

  it('refuses a file without a tenant column, without a header, or without rows, saying why', () => {
    expect(errorOf(parseTenantCsv('name,admin_emails\nFabrikam,a@b.example'))).toBe(
      'The header row has no tenant column. Name the column of domains or tenant IDs "tenant" (or "domain", "tenant_id").',
    );
    expect(errorOf(parseTenantCsv(`fabrikam.onmicrosoft.com,Fabrikam\n${FABRIKAM},F`))).toBe(
      'The first row must name the columns (tenant,name,admin_emails,data), but it starts with "fabrikam.onmicrosoft.com", which looks like a tenant.',
    );
    expect(errorOf(parseTenantCsv('tenant,name\r\n\r\n'))).toBe('The CSV has a header row but no tenants.');
    expect(errorOf(parseTenantCsv(' \n\n'))).toBe('The CSV is empty.');
    expect(errorOf(parseTenantCsv('tenant,domain\nx,y'))).toBe(
      'The header names the tenant column twice ("tenant" and "domain").',
    );
  });

  it(`takes at most ${TENANT_CSV_LIMITS.rows} tenants and 1 MB`, () => {
    const rows = (count: number) =>
      ['tenant', ...Array.from({ length: count }, (_, i) => `tenant${i}.onmicrosoft.com`)].join('\n');
    expect(rowsOf(parseTenantCsv(rows(TENANT_CSV_LIMITS.rows)))).toHaveLength(TENANT_CSV_LIMITS.rows);
    expect(errorOf(parseTenantCsv(rows(TENANT_CSV_LIMITS.rows + 1)))).toBe(
      'The CSV has 501 tenants; at most 500 can be imported at once. Split it into several files.',
    );
    // Counted in bytes, as the file is: 'é' is two.
    const big = `tenant,notes\n${FABRIKAM},${'é'.repeat(TENANT_CSV_LIMITS.bytes / 2)}`;
    expect(big.length).toBeLessThan(TENANT_CSV_LIMITS.bytes);
    expect(errorOf(parseTenantCsv(big))).toBe('The CSV is larger than 1 MB. Split it into several files.');
  });

  it('reports a repeated tenant on its second row, in any spelling of the same reference', () => {
    const result = parseTenantCsv(
      `tenant\n${FABRIKAM}\nlitware.onmicrosoft.com\n${FABRIKAM.toUpperCase()}\n LITWARE.onmicrosoft.com `,
    );
    expect(outcomes(result)).toEqual({
      2: FABRIKAM,
      3: 'litware.onmicrosoft.com',
      4: '✗ Duplicate: the same tenant as row 2.',
      5: '✗ Duplicate: the same tenant as row 3.',
    });
    expect(rowsOf(result)[3]!.reference).toBe('LITWARE.onmicrosoft.com');
  });

  it('names the column of each problem in a row, and keeps the good rows', () => {
    const result = parseTenantCsv(
      [
        'Tenant,Admin Email,Data',
        `${FABRIKAM},dana@fabrikam.example nobody,`,
        'not a tenant,,',
        ',a@b.example,',
        'litware.onmicrosoft.com,,sentinel',
        'relecloud.onmicrosoft.com,,mde_alerts,extra',
        'adatum.onmicrosoft.com,,,,',
      ].join('\n'),
    );
    expect(outcomes(result)).toEqual({
      2: '✗ Admin Email: "nobody" is not an email address',
      3: '✗ Tenant: Enter a tenant ID (GUID) or a verified domain such as contoso.com',
      4: '✗ Tenant: Enter a tenant ID (GUID) or a verified domain such as contoso.com',
      5: '✗ Data: "sentinel" is not a kind of Defender data; use mde_alerts, xdr_incidents or graph_security.',
      6: '✗ The row has more values than the header has columns. Put a value that contains a comma in double quotes.',
      7: 'adatum.onmicrosoft.com',
    });
  });

  it('reads data as enum names or friendly names, in any case, defaulting to what the form does', () => {
    const dataOf = (data: string) => {
      const [row] = rowsOf(parseTenantCsv(`tenant,data\n${FABRIKAM},"${data}"`));
      return row!.ok ? row!.input.dataSources : row!.error;
    };
    expect(dataOf('MDE_ALERTS; graph_security')).toEqual(['MDE_ALERTS', 'GRAPH_SECURITY']);
    expect(dataOf('Defender for Endpoint alerts, Defender XDR incidents')).toEqual(['MDE_ALERTS', 'XDR_INCIDENTS']);
    expect(dataOf('mde;XDR;Microsoft Graph;mde alerts')).toEqual(['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY']);
    expect(dataOf('Microsoft Graph security alerts and incidents')).toEqual(['GRAPH_SECURITY']);
    expect(dataOf(' ')).toEqual(ALL_DATA);
    expect(dataOf('mde;alerts')).toBe(
      'data: "alerts" is not a kind of Defender data; use mde_alerts, xdr_incidents or graph_security.',
    );
  });

  it('refuses an unclosed quote as a file, and text after a closing quote as a row', () => {
    expect(errorOf(parseTenantCsv(`tenant,name\n${FABRIKAM},"Fabrikam\nlitware.onmicrosoft.com,L`))).toBe(
      'Row 2: a quoted value is never closed (a " is missing).',
    );
    expect(outcomes(parseTenantCsv(`tenant,name\n${FABRIKAM},"Fabrikam" Inc\nlitware.onmicrosoft.com,L`))).toEqual({
      2: '✗ The row cannot be read: a quoted value must be followed by a comma or the end of the row.',
      3: 'litware.onmicrosoft.com',
    });
  });

  it('shows a long tenant cell shortened', () => {
    const [row] = rowsOf(parseTenantCsv(`tenant\n${'x'.repeat(300)}`));
    expect(row!.reference).toBe(`${'x'.repeat(100)}…`);
  });

  it('reads the template offered for download on the import page', () => {
    const result = parseTenantCsv(readFileSync('public/templates/customer-tenants.csv', 'utf8'));
    expect(rowsOf(result).map((row) => (row.ok ? row.input.dataSources : row.error))).toEqual([
      ALL_DATA,
      ['MDE_ALERTS'],
      ALL_DATA,
    ]);
  });
});
