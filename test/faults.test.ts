import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { spoolPathFor, type SpoolEntry } from '../electron/core/spool.js';
import { REPO_ROOT, serveChildrenInTempDir, tableCounts } from './support/child.js';
import { startTestServer, type TestServer } from './support/server.js';
import { TEST_SCALE } from './support/scale.js';

interface Sent {
  key: string;
  path: string;
  body: Record<string, unknown>;
}

const phone = (i: number) => `+1312555${String(i % 10_000).padStart(4, '0')}`;

/** `calls` calls, each a started and an ended event; `key` is the idempotency key the salon gives the event. */
function callEvents(prefix: string, calls: number): Sent[] {
  const events: Sent[] = [];
  for (let i = 0; i < calls; i++) {
    const sid = `CA-${prefix}-${i}`;
    const minute = String(i % 60).padStart(2, '0');
    events.push({ key: `call:${sid}:started`, path: '/salon/call', body: { event: 'started', call_sid: sid, from: phone(i), timestamp: `2026-03-04T10:${minute}:00-06:00` } });
    events.push({ key: `call:${sid}:ended`, path: '/salon/call', body: { event: 'ended', call_sid: sid, status: 'completed', duration_sec: 30 + (i % 90), timestamp: `2026-03-04T11:${minute}:00-06:00` } });
  }
  return events;
}

async function post(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The idempotency keys of every event in the database file, read directly (as the killed server left it). */
function storedKeys(dbPath: string): string[] {
  const db = new Database(dbPath);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT idempotency_key AS k FROM events ORDER BY seq').all() as { k: string }[]).map((r) => r.k);
  } finally {
    db.close();
  }
}

/** Another program holding the database: `BEGIN EXCLUSIVE` in a child process, until released. */
async function holdLock(dbPath: string): Promise<{ release(): Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbPath)});
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end('release\n');
      }),
  };
}

const spoolOf = (dbPath: string): SpoolEntry[] => {
  const path = spoolPathFor(dbPath);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SpoolEntry);
};

/** In `npm test`: 1,000 calls (2,000 events) and four kills; the bench's soak multiplies both. */
const CALLS = 1000 * TEST_SCALE;
const KILLS = 4 * TEST_SCALE;

describe('faults: the server killed, the database locked or full', () => {
  const { path: inDir, serve } = serveChildrenInTempDir('salon-faults-');

  it(`killed with SIGKILL at ${KILLS} random moments under load, restarted each time: every acknowledged event is there, none twice, the file intact`, { timeout: 120_000 * TEST_SCALE }, async () => {
    const dbPath = inDir('killed.db');
    const events = callEvents('kill', CALLS);
    const queue = [...events];
    const acked = new Set<string>();
    const killsAt: number[] = [];
    for (let run = 0; run <= KILLS; run++) {
      const server = serve(dbPath);
      const url = await server.listening(60_000);
      // Killed after a random number of acknowledgements (the last run goes to the end).
      const killAfter = run < KILLS ? 100 + Math.floor(Math.random() * 300) : Infinity;
      let ackedThisRun = 0;
      let dead = false;
      const retry: Sent[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (!dead && queue.length) {
            const e = queue.shift()!;
            try {
              const res = await post(url, e.path, e.body);
              if (res.status !== 200) throw new Error(`answered ${res.status}: ${JSON.stringify(res.body)}`);
              acked.add(e.key);
              if (++ackedThisRun >= killAfter && !dead) {
                dead = true;
                killsAt.push(acked.size);
                server.kill('SIGKILL');
              }
            } catch (err) {
              // Sent while the server died: not acknowledged, so the phone system sends it again.
              if (!dead) throw err;
              retry.push(e);
            }
          }
        }),
      );
      queue.unshift(...retry);
      if (run < KILLS) {
        expect(await server.exited()).toBe('SIGKILL');
        // As the killed server left the file: everything acknowledged is in it, once.
        const keys = storedKeys(dbPath);
        expect(new Set(keys).size).toBe(keys.length);
        const stored = new Set(keys);
        const missing = [...acked].filter((k) => !stored.has(k));
        expect(missing, `killed after ${killsAt.join(', ')} acknowledgements`).toEqual([]);
      } else {
        server.kill('SIGTERM');
        await server.exited();
      }
    }
    expect(queue).toEqual([]);
    expect(acked.size).toBe(events.length);
    // Every event once, every call whole.
    const keys = storedKeys(dbPath);
    expect(keys.length).toBe(events.length);
    expect(new Set(keys)).toEqual(new Set(events.map((e) => e.key)));
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare(`SELECT count(*) AS n, total(outcome = 'answered') AS answered FROM calls`).get()).toEqual({ n: CALLS, answered: CALLS });
    } finally {
      db.close();
    }
  });

  it('while another program holds the database locked: webhooks are answered 202 and spooled (bad input still 400), and the spool is replayed at the next start, in order, once each', { timeout: 90_000 }, async () => {
    const dbPath = inDir('locked.db');
    const server = serve(dbPath);
    const url = await server.listening(60_000);
    expect((await post(url, '/salon/call', { event: 'started', call_sid: 'CA-before-lock', from: phone(1) })).status).toBe(200);

    const lock = await holdLock(dbPath);
    const spooled = [
      { event: 'started', call_sid: 'CA-lock-1', from: phone(2), timestamp: '2026-03-04T10:00:00-06:00' },
      { event: 'ended', call_sid: 'CA-lock-1', status: 'completed', duration_sec: 95, timestamp: '2026-03-04T10:02:00-06:00' },
      { event: 'started', call_sid: 'CA-lock-2', from: phone(3), caller_name: 'Cy Park', timestamp: '2026-03-04T10:05:00-06:00' },
      { event: 'intent', call_sid: 'CA-lock-2', intent: 'EMERGENCY_FIX', timestamp: '2026-03-04T10:06:00-06:00' },
    ];
    // The first waits out the lock (the busy timeout), then is spooled; the rest go straight behind it.
    const first = await post(url, '/salon/call', spooled[0]);
    expect(first).toMatchObject({ status: 202, body: { ok: true, spooled: true, call_sid: 'CA-lock-1' } });
    expect(first.body.message).toMatch(/locked by another program/);
    for (const body of spooled.slice(1)) {
      const started = performance.now();
      expect((await post(url, '/salon/call', body)).status).toBe(202);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    const booking = { appointment_id: 'apt-lock-1', customer: { phone: phone(2), name: 'Locked Out' }, service: 'Haircut', start: '2026-03-06T10:00:00-06:00', call_sid: 'CA-lock-1' };
    expect(await post(url, '/salon/appointment', booking)).toMatchObject({ status: 202, body: { spooled: true, appointment_id: 'apt-lock-1' } });
    // A booking that leaves its customer and service to its call, whose events wait in the spool too: checked on replay.
    const fromCall = { appointment_id: 'apt-lock-call', call_sid: 'CA-lock-2', start: '2026-03-06T12:00:00-06:00' };
    expect(await post(url, '/salon/appointment', fromCall)).toMatchObject({ status: 202, body: { spooled: true } });
    // A call that is neither stored nor waiting: still refused.
    expect(await post(url, '/salon/appointment', { ...fromCall, appointment_id: 'apt-no-call', call_sid: 'CA-never' })).toMatchObject({ status: 400, body: { details: [{ field: 'customer.phone' }] } });
    // A booking without an id of its own gets one in the spool, and the answer says which.
    const anonymous = await post(url, '/salon/appointment', { customer: { phone: phone(4) }, service: 'Blowout', start: '2026-03-06T11:00:00-06:00' });
    expect(anonymous).toMatchObject({ status: 202, body: { spooled: true } });
    expect(anonymous.body.appointment_id).toMatch(/^apt_/);
    // Bad input is still refused, and not spooled.
    expect((await post(url, '/salon/call', { event: 'started' })).status).toBe(400);
    expect((await post(url, '/salon/appointment', { ...booking, appointment_id: 'apt-bad', service: 'Tattoo' })).status).toBe(400);
    // Reading still works, and the server says it is healthy.
    expect((await (await fetch(url + '/health')).json()).status).toBe('ok');

    // In the spool, on disk, in the order they came.
    const entries = spoolOf(dbPath);
    expect(entries.map((e) => (e.kind === 'call' ? (e.body as { call_sid: string }).call_sid : (e.body as { appointment_id: string }).appointment_id))).toEqual([
      'CA-lock-1',
      'CA-lock-1',
      'CA-lock-2',
      'CA-lock-2',
      'apt-lock-1',
      'apt-lock-call',
      anonymous.body.appointment_id,
    ]);

    // The server dies with the events only in the spool; the lock goes; a new server starts.
    server.kill('SIGKILL');
    expect(await server.exited()).toBe('SIGKILL');
    await lock.release();
    const again = serve(dbPath);
    const url2 = await again.listening(60_000);
    expect(spoolOf(dbPath)).toEqual([]);
    const keys = storedKeys(dbPath);
    expect(keys.slice(1)).toEqual([
      'call:CA-lock-1:started',
      'call:CA-lock-1:ended',
      'call:CA-lock-2:started',
      `call:CA-lock-2:intent:EMERGENCY_FIX@${Date.parse('2026-03-04T10:06:00-06:00')}`,
      'appointment:apt-lock-1:booked',
      'appointment:apt-lock-call:booked',
      `appointment:${anonymous.body.appointment_id}:booked`,
    ]);
    const taken = await (await fetch(`${url2}/salon/appointments/apt-lock-call`)).json();
    expect(taken).toMatchObject({ call_sid: 'CA-lock-2', customer_phone: phone(3), customer_name: 'Cy Park', service: 'Haircut', price_cents: 4500 });
    const call = await (await fetch(`${url2}/salon/calls?from=2026-03-04&to=2026-03-04`)).json();
    expect(call.items.find((c: { call_sid: string }) => c.call_sid === 'CA-lock-1')).toMatchObject({ status: 'answered', duration_sec: 95 });
    // Each once: sending one again is a duplicate.
    expect(await post(url2, '/salon/call', spooled[0])).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(storedKeys(dbPath)).toHaveLength(keys.length);
  });

  describe('on a full disk (SQLITE_FULL: the database may not grow)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ clock: new ManualClock(Date.parse('2026-03-05T18:00:00Z')) });
    });
    afterAll(() => server?.stop());

    it('answers 202 and spools what it cannot store, refuses bad input with 400, and replays the spool in order, once each, when there is room again', { timeout: 60_000 }, async () => {
      const { db } = server.salon;
      expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: 'CA-full-0', from: phone(10) })).status).toBe(200);
      // Not a byte more: the file may not grow past the pages it has.
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      const long = 'x'.repeat(200);
      const sent: { status: number; sid: string }[] = [];
      for (let i = 1; i <= 300 && !sent.some((s) => s.status === 202); i++) {
        const sid = `CA-full-${i}`;
        sent.push({ sid, status: (await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, from: phone(10 + i), caller_name: long })).status });
      }
      const spooledAt = sent.findIndex((s) => s.status === 202);
      expect(spooledAt, 'a call was spooled once the database was full').toBeGreaterThanOrEqual(0);
      expect(sent.slice(0, spooledAt).every((s) => s.status === 200)).toBe(true);
      const firstSpooled = sent[spooledAt]!.sid;
      const before = tableCounts(db);
      const later = ['CA-full-later-1', 'CA-full-later-2'];
      for (const sid of later) {
        const res = await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, from: phone(99) });
        expect(res).toMatchObject({ status: 202, body: { ok: true, spooled: true } });
        expect(res.body.message).toMatch(/full/);
      }
      expect((await server.request('POST', '/salon/call', { event: 'ended', call_sid: 'CA-x', duration_sec: -1 })).status).toBe(400);
      expect((await server.request('GET', '/health')).body).toMatchObject({ status: 'ok', db: 'ok' });
      expect(tableCounts(db)).toEqual(before);
      expect(spoolOf(server.dbPath).map((e) => (e.body as { call_sid: string }).call_sid)).toEqual([firstSpooled, ...later]);

      // Room again: the next event is stored after what waited, which is stored first, in order.
      db.pragma('max_page_count = 1073741823');
      expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: 'CA-full-after', from: phone(98) })).status).toBe(200);
      expect(spoolOf(server.dbPath)).toEqual([]);
      const order = (db.prepare(`SELECT subject_id FROM events WHERE subject_id IN (${[firstSpooled, ...later, 'CA-full-after'].map(() => '?').join(',')}) ORDER BY seq`).all(firstSpooled, ...later, 'CA-full-after') as { subject_id: string }[]).map((r) => r.subject_id);
      expect(order).toEqual([firstSpooled, ...later, 'CA-full-after']);
      // The replayed calls keep the time they were received (the server's clock then).
      expect((await server.request('GET', `/salon/calls?limit=1000`)).body.items.filter((c: { call_sid: string }) => c.call_sid.startsWith('CA-full-later')).map((c: { started_at: string }) => c.started_at)).toEqual([
        '2026-03-05T18:00:00.000Z',
        '2026-03-05T18:00:00.000Z',
      ]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  });
});
