import { BrowserWindow } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The weekly report as a PDF, next to its HTML, through Chromium's own print path
 * (`printToPDF`), in a hidden window with nothing enabled. Written once, like the HTML.
 */
async function writeReportPdf(htmlPath: string): Promise<string | null> {
  const pdfPath = htmlPath.replace(/\.html$/, '.pdf');
  if (existsSync(pdfPath) || !existsSync(htmlPath)) return null;
  const win = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${readFileSync(htmlPath).toString('base64')}`);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(pdfPath, pdf);
    return pdfPath;
  } finally {
    win.destroy();
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Writes the report's PDF after those asked for before it: a catch-up after an import closes
 * up to 52 weeks at once, and each PDF takes a hidden window of its own while it renders.
 */
export function queueReportPdf(htmlPath: string): Promise<string | null> {
  const next = queue.then(() => writeReportPdf(htmlPath));
  queue = next.catch(() => undefined);
  return next;
}
