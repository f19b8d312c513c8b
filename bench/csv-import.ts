/**
 * The 50,000-row CSV import (issue 15's target: at most 3 s): a Vagaro appointments export of
 * 50,000 rows and 5,000 customers into a fresh database, in process, from reading the file to
 * its COMMIT. Each round answers its seconds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Salon } from '../electron/core/salon.js';
import { importCsv } from '../electron/core/csv/import.js';
import { fileInput } from '../electron/core/csv/reader.js';
import { vagaroAppointments } from '../test/support/large-csv.js';

export async function csvImportSeconds(runDir: string, rounds: number, log: (line: string) => void): Promise<number[]> {
  const dir = mkdtempSync(join(runDir, 'csv-'));
  const file = join(dir, 'vagaro-50000.csv');
  writeFileSync(file, vagaroAppointments(50_000));
  const seconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const salon = new Salon(join(dir, `salon-${round}.db`), { overrides: { timezone: 'America/Chicago' } });
    try {
      const started = performance.now();
      const report = await importCsv(salon, fileInput(file));
      if (!report.applied) throw new Error(`the 50,000-row import was not applied: ${report.refused ?? ''}`);
      seconds.push((performance.now() - started) / 1000);
      log(`CSV import round ${round + 1}: 50,000 rows in ${seconds.at(-1)!.toFixed(1)} s`);
    } finally {
      salon.close();
    }
  }
  return seconds;
}
