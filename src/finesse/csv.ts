/**
 * A small RFC 4180 reader and writer (no CSV library is a dependency yet): fields separated by commas,
 * records by CRLF or LF, a field in double quotes may hold commas, line breaks and doubled quotes. Each
 * record carries the line it starts on, so an error can name it.
 */

export interface CsvRecord {
  /** The 1-based line of the file the record starts on. */
  line: number;
  fields: string[];
}

/** Thrown for text that is not CSV (a quote left open, text after a closing quote); names the line. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** The records of `text`; a leading byte-order mark is dropped, and so is the break after the last record. */
export function readCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      const field = readField(source, i, line);
      fields.push(field.value);
      i = field.next;
      line = field.line;
      if (source[i] === ',') {
        i++;
        continue;
      }
      if (source[i] === '\r' && source[i + 1] === '\n') i += 2;
      else if (source[i] === '\n' || source[i] === '\r') i++;
      line++;
      break;
    }
    records.push({ line: start, fields });
  }
  return records;
}

/** One field from `i`: quoted or bare; `next` is the index of what follows it (a comma, a break, the end). */
function readField(source: string, i: number, line: number): { value: string; next: number; line: number } {
  if (source[i] !== '"') {
    let end = i;
    while (end < source.length && source[end] !== ',' && source[end] !== '\n' && source[end] !== '\r') {
      if (source[end] === '"') throw new CsvSyntaxError(line, 'A quote inside a field that does not start with one');
      end++;
    }
    return { value: source.slice(i, end), next: end, line };
  }
  let value = '';
  let at = i + 1;
  let current = line;
  for (;;) {
    if (at >= source.length) throw new CsvSyntaxError(line, 'A quoted field is not closed');
    const c = source[at]!;
    if (c === '"') {
      if (source[at + 1] === '"') {
        value += '"';
        at += 2;
        continue;
      }
      const after = source[at + 1];
      if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') throw new CsvSyntaxError(current, 'Text after a closing quote');
      return { value, next: at + 1, line: current };
    }
    if (c === '\n' || (c === '\r' && source[at + 1] !== '\n')) current++;
    value += c;
    at++;
  }
}

/** One record as a line of CSV (every field quoted), ended by CRLF. */
export function writeCsvRecord(fields: readonly string[]): string {
  return `${fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')}\r\n`;
}
