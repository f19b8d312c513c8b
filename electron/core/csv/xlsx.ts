/**
 * Excel workbooks (Vagaro's CustomersList.xlsx), read with `exceljs`: the first sheet's rows as
 * text cells, like a CSV file's, so the same header search, mapping and checks apply.
 */
import type ExcelJS from 'exceljs';

/** An .xlsx file is a ZIP archive: it starts with the local file header "PK\x03\x04". */
export const isXlsx = (head: Buffer) => head.length >= 4 && head.readUInt32BE(0) === 0x504b0304;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell's value as the text a CSV export would hold. Excel keeps dates without a zone: exceljs
 * gives them as UTC instants whose UTC fields are the sheet's wall-clock date and time.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    return h === 0 && m === 0 ? date : `${date} ${pad(h)}:${pad(m)}`;
  }
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return ''; // an error cell (#N/A)
}

/** Every non-empty row of the workbook's first sheet, with its row number as the line. */
export async function xlsxRows(bytes: Buffer): Promise<{ cells: string[]; line: number }[]> {
  // Loaded when a workbook comes, not with the server or the import's worker: loading it was
  // about a quarter of the server's start-up (measured: 1,271 → 982 ms to listening), and most
  // imports are CSV.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const rows: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    if (cells.some((c) => c.trim() !== '')) rows.push({ cells, line: row.number });
  });
  return rows;
}
