/**
 * A large CSV import racing webhooks, over real HTTP against a running server: shared by the
 * import test (test/import-chunking.test.ts) and `npm run bench` (bench/batch.ts).
 */
import http from 'node:http';
import type { RunningServer } from '../../electron/server/start.js';

/** How often a webhook is sent while the import runs (ms). */
const WEBHOOK_EVERY_MS = 20;

const NOTES = 'Prefers Maria; allergic to ammonia; likes the chair by the window; '.repeat(16).slice(0, 1000);

export function appointmentsCsv(bytes: number, prefix: string, lastId?: string): string {
  const lines = ['appointment_id,start_utc,service,customer_phone,customer_name,notes'];
  let size = lines[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hour = String(9 + (i % 9)).padStart(2, '0');
    const line = `${prefix}-${i},2026-0${1 + (i % 9)}-${day}T${hour}:00:00Z,Haircut,+1312555${String(i % 10_000).padStart(4, '0')},Client ${i % 10_000},"${NOTES}"`;
    lines.push(line);
    size += line.length + 1;
  }
  if (lastId) lines.push(`${lastId},2026-10-01T15:00:00Z,Haircut,+13125550000,Last Row,`);
  return lines.join('\n');
}

type ImportAnswer = { status: number; body: { applied?: boolean; accepted?: number; error?: string } };

/**
 * Uploads the file with node:http from bytes encoded beforehand. `fetch` with the 20 MB body held
 * this process's event loop for ~150 ms as the upload began (measured), and the webhook sent then
 * was counted as waiting on the server; a desk's browser uploads from a process of its own.
 */
function upload(url: string, bytes: Buffer): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': bytes.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ImportAnswer['body'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

/** Posts the import, and a webhook every WEBHOOK_EVERY_MS until the import has answered; answers both, with each webhook's time. */
export async function importRacingWebhooks(server: Pick<RunningServer, 'url'>, csv: string, tag: string) {
  let done = false;
  const uploaded = upload(server.url, Buffer.from(csv)).then((answer) => {
    done = true;
    return answer;
  });
  const webhooks: { sid: string; status: number; ms: number }[] = [];
  const pending: Promise<void>[] = [];
  while (!done) {
    const sid = `CA-race-${tag}-${webhooks.length + pending.length}`;
    const sent = performance.now();
    pending.push(
      fetch(`${server.url}/salon/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'started', call_sid: sid, from: '+13125559999', timestamp: '2026-11-24T15:00:00Z' }),
      }).then(async (r) => {
        await r.text();
        webhooks.push({ sid, status: r.status, ms: performance.now() - sent });
      }),
    );
    await new Promise((r) => setTimeout(r, WEBHOOK_EVERY_MS));
  }
  await Promise.all(pending);
  return { result: await uploaded, webhooks };
}

