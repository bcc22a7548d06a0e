/**
 * A CSV writer for exports that spreadsheets open safely: RFC 4180 fields and CRLF record ends,
 * UTF-8 with a BOM (so Excel reads it as UTF-8), and text that a spreadsheet would run as a
 * formula neutralised (OWASP "CSV Injection").
 */

export type CsvValue = string | number | Date | null | undefined;

/** A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice or Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field: a time as ISO 8601 UTC, empty for null; a leading formula character gets a single
 * quote before it (OWASP), so the cell shows as text; quoted when it holds a comma, a quote or a
 * line break, quotes doubled.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * A CSV file as a byte stream: the BOM and header first, then each batch of records as the reader
 * asks for more. Batches are read one at a time, only when the reader has taken the previous one,
 * so memory holds one batch whatever the file's length, and a client that goes away stops the reads.
 */
export function csvStream(options: {
  header: readonly string[];
  batches: AsyncIterable<readonly (readonly CsvValue[])[]>;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = options.batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`\uFEFF${csvRecord(options.header)}`));
      },
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(csvRecord).join('')));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // Pull only for a waiting reader: no batch is read ahead of what the client takes.
    { highWaterMark: 0 },
  );
}
