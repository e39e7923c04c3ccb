import type { Options } from 'csv-parse/sync';
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * CSV as RFC 4180 has it (csv-parse and csv-stringify): fields separated by commas, records by CRLF, LF
 * or CR, a field in double quotes may hold commas, line breaks and doubled quotes. Each record carries
 * the line it starts on, so an error can name it.
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

type Parsed = { record: string[]; info: { lines: number } }[];
const readOptions = (): Options => ({ bom: true, relax_column_count: true, info: true, record_delimiter: ['\r\n', '\n', '\r'] });

/** The records of `text`; a leading byte-order mark is dropped, and so is the break after the last record. */
export function readCsv(text: string): CsvRecord[] {
  let parsed: Parsed;
  try {
    parsed = parse(text, readOptions()) as unknown as Parsed;
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(Number((error as CsvError & { lines?: number }).lines ?? 0), error.message);
    throw error;
  }
  let next = 1;
  return parsed.map(({ record, info }) => {
    const line = next;
    next = info.lines + 1;
    return { line, fields: record };
  });
}

/** One record as a line of CSV (every field quoted), ended by CRLF. */
export function writeCsvRecord(fields: readonly string[]): string {
  return stringify([fields as string[]], { quoted: true, quoted_empty: true, record_delimiter: 'windows' });
}
