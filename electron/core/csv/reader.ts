/**
 * Reading a CSV file (or an Excel workbook: xlsx.ts) as it streams in, with the `csv-parse` library: the delimiter sniffed
 * from the first lines (comma, semicolon, tab or bar: spreadsheets in many countries save
 * with semicolons), a byte-order mark dropped, ragged rows and stray quotes tolerated.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { isXlsx, xlsxRows } from './xlsx.js';

/** A file that cannot be imported at all (as opposed to rows that are rejected). */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export type CsvInput = string | Buffer | AsyncIterable<Buffer | string>;

export interface CsvRecord {
  cells: string[];
  /** The file's line where the record ends (1 = first line). */
  line: number;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
/** No field of a salon export is anywhere near this; a longer one is an unclosed quote. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** The delimiter that splits the first lines most often, outside quotes; a comma when none does. */
export function sniffDelimiter(head: string): string {
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 10);
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    for (const line of lines) {
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) count++;
      }
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** A file given whole is parsed in pieces of this size: parsing one piece holds the event loop for a few ms, not seconds. */
const PIECE_BYTES = 64 * 1024;

async function* chunksOf(input: CsvInput): AsyncGenerator<Buffer> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const whole = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    for (let at = 0; at < whole.length; at += PIECE_BYTES) yield whole.subarray(at, at + PIECE_BYTES);
  }
  else for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** A file's contents as a stream of chunks, for `readCsv`. */
export function fileInput(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

/**
 * Every non-empty record of a CSV input, as text cells, with its line number; `onBytes` is
 * told how many bytes have been read. A malformed file (an unclosed quote) throws
 * ImportFileError naming the line.
 */
export async function* readCsv(input: CsvInput, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord> {
  const chunks = chunksOf(input)[Symbol.asyncIterator]();
  // Enough of the start to sniff the delimiter from.
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < 16 * 1024) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  if (isXlsx(Buffer.concat(head))) {
    yield* readWorkbook(head, done ? null : chunks, onBytes);
    return;
  }
  const delimiter = sniffDelimiter(Buffer.concat(head).subarray(0, 16 * 1024).toString('utf8'));
  let bytes = 0;
  async function* all(): AsyncGenerator<Buffer> {
    for (const chunk of head) {
      bytes += chunk.length;
      yield chunk;
    }
    if (done) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      bytes += next.value.length;
      yield next.value;
    }
  }
  const parser = Readable.from(all()).pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      onBytes?.(bytes);
      if (item.record.every((c) => c.trim() === '')) continue;
      yield { cells: item.record, line: item.info.lines };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new ImportFileError(`the file is not valid CSV${line ? ` at line ${line}` : ''}: ${err.message}`);
    }
    throw err;
  } finally {
    parser.destroy();
  }
}

/** A workbook is read whole (a ZIP archive cannot be read as it streams): its first sheet's rows. */
async function* readWorkbook(head: Buffer[], rest: AsyncIterator<Buffer> | null, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord> {
  const all = [...head];
  if (rest) for (let next = await rest.next(); !next.done; next = await rest.next()) all.push(next.value);
  const bytes = Buffer.concat(all);
  let rows: CsvRecord[];
  try {
    rows = await xlsxRows(bytes);
  } catch (err) {
    throw new ImportFileError(`the Excel file could not be read: ${(err as Error).message}`);
  }
  onBytes?.(bytes.length);
  yield* rows;
}
