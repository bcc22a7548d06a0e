import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, csvStream, type CsvValue } from '@/lib/csv/write-csv';
import { readCsv } from '@/lib/csv/read-csv';

describe('csvField', () => {
  it('leaves plain text as it is and writes null as an empty field', () => {
    expect(csvField('Suspicious PowerShell')).toBe('Suspicious PowerShell');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('quotes a field with a comma, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('Contoso, Ltd.')).toBe('"Contoso, Ltd."');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('writes a time as ISO 8601 UTC', () => {
    expect(csvField(new Date(Date.UTC(2026, 10, 30, 21, 5, 7, 123)))).toBe('2026-11-30T21:05:07.123Z');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ["+1+cmd|' /C calc'!A0", `'+1+cmd|' /C calc'!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises a cell a spreadsheet would run as a formula: %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('leaves formula characters alone when they are not first', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('user@contoso.com')).toBe('user@contoso.com');
  });
});

describe('csvRecord', () => {
  it('joins fields with commas and ends the record with CRLF', () => {
    expect(csvRecord(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('round-trips through an RFC 4180 reader, formulas kept as text', () => {
    const values = ['Contoso, "Ltd."', 'two\nlines', '=1+1', ''];
    const read = readCsv(csvRecord(values), ',');
    expect(read).toEqual({ ok: true, records: [{ row: 1, fields: ['Contoso, "Ltd."', 'two\nlines', "'=1+1", ''] }] });
  });
});

describe('csvStream', () => {
  /** The batches, handed out one per `next()`; `taken` records how many were asked for. */
  function batches(items: CsvValue[][][], taken: number[] = []): AsyncIterable<CsvValue[][]> {
    let index = 0;
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          const value = items[index];
          if (value === undefined) return Promise.resolve({ done: true as const, value: undefined });
          taken.push(++index);
          return Promise.resolve({ done: false as const, value });
        },
      }),
    };
  }

  it('writes a UTF-8 BOM and the header, then each batch in order', async () => {
    const stream = csvStream({
      header: ['Title', 'Tenant'],
      batches: batches([[['Ünïcode', 'Fabrikam']], [['b', 'c']]]),
    });
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('Title,Tenant\r\nÜnïcode,Fabrikam\r\nb,c\r\n');
  });

  it('reads the next batch only when the reader asks for it', async () => {
    const read: number[] = [];
    const reader = csvStream({ header: ['n'], batches: batches([[['1']], [['2']], [['3']]], read) }).getReader();
    await reader.read(); // BOM and header
    await reader.read();
    // Let any read-ahead the stream would start run first (one turn of the event loop, not a delay).
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toEqual([1]);
    await reader.cancel();
    expect(read).toEqual([1]);
  });
});
