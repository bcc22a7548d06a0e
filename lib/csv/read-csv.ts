/**
 * A CSV reader for RFC 4180 text as spreadsheets write it: quoted fields (which may hold the
 * delimiter, quotes doubled, and line breaks), CRLF or LF line ends, an optional UTF-8 BOM.
 */

export type CsvRecord = {
  /** The record's row number in a spreadsheet (1-based; a blank line is a row too). */
  row: number;
  fields: string[];
  /** Set when the record is malformed but the rest of the text can still be read. */
  error?: string;
};

export type CsvReadResult = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

export type CsvDelimiter = ',' | ';' | '\t';

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };

/**
 * Which delimiter the first line with text (the header) uses: a comma, or else a tab (cells pasted from a spreadsheet) or
 * a semicolon (Excel's "CSV" where the decimal separator is a comma).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const firstLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  return firstLine.includes(';') ? ';' : ',';
}

/**
 * Every record of the text, blank ones included (they count as spreadsheet rows). An unclosed
 * quote makes the rest of the text unreadable, so it fails the whole text; text after a closing
 * quote only marks its record.
 */
export function readCsv(text: string, delimiter: CsvDelimiter): CsvReadResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  // Spaces before an opening quote are tolerated, as most spreadsheets do.
  let atFieldStart = true;
  let error: string | undefined;
  const endField = () => {
    fields.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    records.push({ row: records.length + 1, fields, ...(error ? { error } : {}) });
    fields = [];
    error = undefined;
  };

  const body = text.replace(/^\uFEFF/, '');
  let i = 0;
  while (i < body.length) {
    const char = body[i]!;
    if (char === '"' && atFieldStart) {
      const quoted = readQuoted(body, i + 1);
      if (!quoted)
        return { ok: false, error: `Row ${records.length + 1}: a quoted value is never closed (a " is missing).` };
      field = quoted.value;
      atFieldStart = false;
      let end = quoted.next;
      while (body[end] === ' ') end += 1;
      const next = body[end];
      if (next === undefined || next === delimiter || next === '\n' || next === '\r') {
        i = end;
      } else {
        // Read on as plain text, so that the row can be shown as written.
        error ??= `a quoted value must be followed by ${DELIMITER_NAMES[delimiter]} or the end of the row.`;
        i = quoted.next;
      }
    } else if (char === delimiter) {
      endField();
      i += 1;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      i += char === '\r' && body[i + 1] === '\n' ? 2 : 1;
    } else {
      field += char;
      if (char !== ' ') atFieldStart = false;
      i += 1;
    }
  }
  if (fields.length > 0 || field !== '' || !atFieldStart) endRecord();
  return { ok: true, records };
}

/** The value of a quoted field whose opening quote is just before `start`, and where reading goes on. */
function readQuoted(text: string, start: number): { value: string; next: number } | null {
  let value = '';
  let i = start;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return null;
    value += text.slice(i, quote);
    if (text[quote + 1] !== '"') return { value, next: quote + 1 };
    value += '"';
    i = quote + 2;
  }
}

/** A record with nothing in it: an empty line, or only delimiters (spreadsheets export those). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((value) => value.trim() === '');
}
