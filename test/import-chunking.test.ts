/**
 * A 20 MB CSV import racing webhooks (issue 13), over real HTTP against the real server and
 * database: the webhooks are answered within a bound while the file is read, checked and applied;
 * the import still applies whole or not at all, and no webhook written meanwhile is lost, even
 * when the import fails and rolls back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';
import { appointmentsCsv, importRacingWebhooks } from './support/import-race.js';

/**
 * The longest a webhook may wait behind the import here (ms). The target is 100 ms, and
 * `npm run bench` shows it; this shared 2-core box (load average near 20 while measured) stretches
 * every wait several times over, so the test holds a generous bound that the old way still
 * breaks: there the apply step, its COMMIT, the checkpoint and the replay of the spool (one disk
 * sync per event) ran on the event loop, and the worst wait measured 7.2 s in the same run of this
 * test. Now the whole import runs on a worker thread (core/csv/import-thread.ts).
 */
const WAIT_BOUND_MS = 2000;

async function storedCalls(server: TestServer, sids: string[]): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stored = sids.filter((sid) => server.salon.db.prepare('SELECT 1 FROM calls WHERE call_sid = ?').get(sid) !== undefined).length;
    if (stored === sids.length || Date.now() > deadline) return stored;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a 20 MB import racing webhooks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('webhooks are answered within a bound while it is read, checked and applied; the import applies whole; every webhook is stored', async () => {
    const csv = appointmentsCsv(20 * 1024 * 1024, 'big');
    const { result, webhooks } = await importRacingWebhooks(server, csv, 'ok');
    expect(result.status).toBe(200);
    expect(result.body.applied).toBe(true);
    const rows = csv.split('\n').length - 1;
    expect(server.salon.db.prepare(`SELECT count(*) FROM appointments WHERE appointment_id LIKE 'big-%'`).pluck().get()).toBe(rows);
    const waits = webhooks.map((w) => w.ms).sort((a, b) => a - b);
    const p99 = waits[Math.floor(waits.length * 0.99)]!;
    console.error(
      `import racing webhooks: ${(csv.length / 1048576).toFixed(1)} MB, ${rows} rows; ${webhooks.length} webhooks during it, ` +
        `${webhooks.filter((w) => w.status === 202).length} spooled while it applied; wait median ${waits[Math.floor(waits.length / 2)]!.toFixed(0)} ms, ` +
        `p99 ${p99.toFixed(0)} ms, max ${waits.at(-1)!.toFixed(0)} ms`,
    );
    expect(webhooks.length).toBeGreaterThan(50);
    for (const w of webhooks) expect([200, 202]).toContain(w.status);
    // The import's writing, its COMMIT and the WAL checkpoint run on a worker thread; on the event
    // loop, reading and checking yield every 30 ms and the spool drains in 20 ms slices.
    expect(waits.at(-1)!).toBeLessThan(WAIT_BOUND_MS);
    expect(await storedCalls(server, webhooks.map((w) => w.sid))).toBe(webhooks.length);
  }, 300_000);

  it('an import that fails while it is applied rolls back whole, and the webhooks written meanwhile are all kept', async () => {
    // A real trigger makes the file's last row fail in the apply step, after every earlier slice.
    server.salon.db.exec(`CREATE TRIGGER fail_last BEFORE INSERT ON appointments WHEN NEW.appointment_id = 'fail-last' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const before = server.salon.db.prepare('SELECT count(*) FROM appointments').pluck().get();
    const csv = appointmentsCsv(4 * 1024 * 1024, 'doomed', 'fail-last');
    const { result, webhooks } = await importRacingWebhooks(server, csv, 'fail');
    expect(result.status).toBe(500);
    expect(server.salon.db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(before);
    expect(webhooks.length).toBeGreaterThan(0);
    expect(await storedCalls(server, webhooks.map((w) => w.sid))).toBe(webhooks.length);
  }, 300_000);
});
