/**
 * Group commit: call events that arrive together are written in one transaction (one disk
 * sync), each acknowledged after that commit; one refused for its own input is undone alone.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Salon } from '../electron/core/salon.js';
import { InputError } from '../electron/core/errors.js';
import type { CallEventBody, LiveMessage } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const started = (i: number): CallEventBody => ({ event: 'started', call_sid: `CA-group-${i}`, from: `+1312555${String(1000 + i)}`, direction: 'inbound' });

/** POSTs every body at once, each on a connection of its own; answers the statuses in order. */
async function postAtOnce(url: string, bodies: unknown[]): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: bodies.length });
  try {
    return await Promise.all(
      bodies.map(
        (body) =>
          new Promise<number>((resolve, reject) => {
            const text = JSON.stringify(body);
            const req = http.request(`${url}/salon/call`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            });
            req.on('error', reject);
            req.end(text);
          }),
      ),
    );
  } finally {
    agent.destroy();
  }
}

describe('group commit over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('stores every good event of a burst and refuses the bad one alone (400, nothing of it stored)', async () => {
    // An intent event without its intent passes the schema and is refused by the salon: inside the group.
    const bodies = [...Array.from({ length: 24 }, (_, i) => started(i)), { event: 'intent', call_sid: 'CA-group-bad', from: '+13125559999' }];
    const statuses = await postAtOnce(server.url, bodies);
    expect(statuses.slice(0, 24)).toEqual(Array(24).fill(200));
    expect(statuses[24]).toBe(400);
    const calls = (await (await fetch(`${server.url}/salon/calls?limit=1000`)).json()) as { items: { call_sid: string }[]; total: number };
    expect(calls.items.map((c) => c.call_sid).sort()).toEqual(Array.from({ length: 24 }, (_, i) => `CA-group-${i}`).sort());
    const events = server.salon.db.prepare(`SELECT count(*) AS n FROM events WHERE subject_id = 'CA-group-bad'`).get() as { n: number };
    expect(events.n).toBe(0);
  });

  it('writes each event of a group on its own when one fails for another reason than its input: only that one fails', async () => {
    // A fault inside the database for one call only (as a damaged row or a bug would raise).
    server.salon.db.exec(`CREATE TRIGGER poison BEFORE INSERT ON calls WHEN NEW.call_sid = 'CA-group-poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    try {
      const bodies = [...Array.from({ length: 12 }, (_, i) => started(200 + i)), { ...started(0), call_sid: 'CA-group-poison' }];
      const statuses = await postAtOnce(server.url, bodies);
      expect(statuses).toEqual([...Array(12).fill(200), 500]);
      const stored = server.salon.db.prepare(`SELECT count(*) AS n FROM calls WHERE call_sid IN (${bodies.map(() => '?').join(', ')})`).get(...bodies.map((b) => b.call_sid)) as { n: number };
      expect(stored.n).toBe(12);
      const poison = server.salon.db.prepare(`SELECT count(*) AS n FROM events WHERE subject_id = 'CA-group-poison'`).get() as { n: number };
      expect(poison.n).toBe(0);
    } finally {
      server.salon.db.exec('DROP TRIGGER poison');
    }
  });
});

describe('Salon.together', () => {
  let dir: string;
  let salon: Salon;
  const published: LiveMessage[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-group-'));
    salon = new Salon(join(dir, 'salon.db'));
    salon.changes.subscribe((m) => published.push(m));
  });
  afterAll(() => {
    salon.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const callCount = () => (salon.db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n;

  it('settles each write: values for the stored, the InputError for the refused; announces only after the commit', () => {
    let announcedDuringWrites = -1;
    const settled = salon.together([
      () => salon.recordCallEvent(started(100)),
      () => salon.recordCallEvent({ event: 'intent', call_sid: 'CA-group-refused' }),
      () => {
        announcedDuringWrites = published.length;
        return salon.recordCallEvent(started(101));
      },
    ]);
    expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
    expect(settled[1]!.ok === false && settled[1]!.error).toBeInstanceOf(InputError);
    expect(announcedDuringWrites).toBe(0);
    expect(published.filter((m) => m.type === 'call.started').map((m) => (m.data as { call_sid: string }).call_sid)).toEqual(['CA-group-100', 'CA-group-101']);
    expect(callCount()).toBe(2);
  });

  it('undoes the whole group and announces nothing when storage fails', () => {
    const before = published.length;
    const storageFailure = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(() =>
      salon.together([
        () => salon.recordCallEvent(started(102)),
        () => {
          throw storageFailure;
        },
      ]),
    ).toThrow(storageFailure);
    expect(callCount()).toBe(2);
    expect(published.length).toBe(before);
  });
});
