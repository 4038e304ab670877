// CSV records with the exact offsets they came from, for every reader of CSV files a spec names (cases, human
// labels, recorded judge verdicts), so each bad row is reported at its own line.
import { parse as parseCsv } from 'csv-parse/sync';

export interface LocatedCsvRecords {
  header: string[];
  records: Array<{ record: string[]; start: number; end: number }>;
}

/** Parses `text` (first row = header); throws csv-parse's error, whose `lines` says where it stopped. */
export function locatedCsvRecords(text: string): LocatedCsvRecords {
  const parsed = parseCsv(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as Array<{ record: string[]; raw: string }>;
  if (parsed.length === 0) return { header: [], records: [] };
  // Each record's raw text is an exact slice of the file, in order, so searching from the previous record's end
  // gives its offsets. (csv-parse's own line counts drift on CRLF inside quoted fields.)
  // Line breaks at the edges of `raw` are not reliable across CRLF files, so they are trimmed before searching.
  const trimBreaks = (raw: string) => raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
  const first = trimBreaks(parsed[0]!.raw);
  let cursor = text.indexOf(first) + first.length;
  const records = parsed.slice(1).map(({ record, raw }) => {
    const exact = trimBreaks(raw);
    const start = Math.max(cursor, text.indexOf(exact, cursor));
    cursor = start + exact.length;
    return { record, start, end: cursor };
  });
  return { header: parsed[0]!.record.map((h) => h.trim()), records };
}
