/**
 * The webhooks' wait behind a 20 MB CSV import (issue 13's target: at most 100 ms): a fresh
 * headless server as `npm run serve` runs it (so the import runs on the bundled worker), the
 * import posted, and a webhook every 20 ms until it has answered. Each round answers its worst
 * wait and its p99.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { runServeScript } from '../test/support/child.js';
import { appointmentsCsv, importRacingWebhooks } from '../test/support/import-race.js';
import { percentile } from './measure.js';

export async function webhookWaitsBehindImport(runDir: string, rounds: number, log: (line: string) => void): Promise<{ worst: number[]; p99: number[] }> {
  const csv = appointmentsCsv(20 * 1024 * 1024, 'bench-import');
  const worst: number[] = [];
  const p99: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const child = runServeScript(['--port', '0', '--db', join(mkdtempSync(join(runDir, 'import-')), 'salon.db')]);
    try {
      const url = await child.listening(120_000);
      const { result, webhooks } = await importRacingWebhooks({ url }, csv, `bench-${round}`);
      if (result.status !== 200) throw new Error(`the import answered ${result.status}: ${result.body.error ?? ''}`);
      const waits = webhooks.map((w) => w.ms);
      worst.push(Math.max(...waits));
      p99.push(percentile(waits, 99));
      log(`import round ${round + 1}: ${webhooks.length} webhooks during it, ${webhooks.filter((w) => w.status === 202).length} spooled; p99 ${p99.at(-1)!.toFixed(0)} ms, worst ${worst.at(-1)!.toFixed(0)} ms`);
    } finally {
      child.kill('SIGTERM');
      await child.exited();
    }
  }
  return { worst, p99 };
}
