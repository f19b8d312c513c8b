/**
 * Migration 4 (issue 13): rows stored with impossible instants before they were refused move to
 * the quarantine table; the exports work again, and `npm run check` lists what was set aside.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { openDatabase } from '../electron/core/db.js';
import { migrations } from '../electron/core/migrations.js';
import { runCli, cleanEnv, freePort } from './support/child.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.parse('2026-11-25T18:00:00Z');
const YEAR_275760 = 8.64e15;
const YEAR_0001 = Date.parse('0001-01-01T00:00:00Z');

describe('migration 4: impossible instants into quarantine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'salon-quarantine-'));
  const dbPath = join(dir, 'salon.db');
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the rows out, the appointments export answers 200 with the good rows, and npm run check lists them', async () => {
    // A database as version 3 left it, with what it let in: an appointment in year 275760 and a call in year 0001.
    const old = openDatabase(dbPath, { migrations: migrations.filter((m) => m.version <= 3) });
    old.exec(`
      INSERT INTO services (id, name, price_cents, duration_min) VALUES (1, 'Haircut', 4500, 45);
      INSERT INTO customers (id, phone, name, first_seen_at) VALUES (1, '+13125550101', 'Ana Ruiz', ${YEAR_0001});
      INSERT INTO appointments (appointment_id, customer_id, service_id, start_at, duration_min, price_cents, status, booked_at, is_test)
        VALUES ('apt-good', 1, 1, ${NOW + 86_400_000}, 45, 4500, 'scheduled', ${NOW}, 0),
               ('apt-far', 1, 1, ${YEAR_275760}, 45, 4500, 'scheduled', ${NOW}, 0);
      INSERT INTO events (idempotency_key, subject_kind, subject_id, type, occurred_at, received_at, is_test, payload)
        VALUES ('appointment:apt-far:booked', 'appointment', 'apt-far', 'booked', ${NOW}, ${NOW}, 0, '{"start_at":${YEAR_275760}}');
      INSERT INTO calls (call_sid, direction, from_phone, customer_id, started_at, outcome, after_hours, is_test)
        VALUES ('CA-ancient', 'inbound', '+13125550101', 1, ${YEAR_0001}, 'missed', 0, 0),
               ('CA-good', 'inbound', '+13125550101', 1, ${NOW - 3_600_000}, 'missed', 0, 0);
    `);
    old.close();

    server = await startTestServer({ dbPath, clock: new ManualClock(NOW) });
    const res = await fetch(`${server.url}/salon/export/appointments.csv`);
    const csv = await res.text();
    expect(res.status).toBe(200);
    expect(csv).toContain('apt-good');
    expect(csv).not.toContain('apt-far');
    const api = await server.request('GET', '/salon/export?kind=appointments');
    expect(api.status).toBe(200);
    expect((await fetch(`${server.url}/salon/export/calls.csv`)).status).toBe(200);
    // The customer's first-seen date comes from what remains, not year 0001.
    const customer = await server.request('GET', '/salon/customers/1');
    expect(customer.body.first_seen_at).toBe(new Date(NOW - 3_600_000).toISOString());
    const sources = server.salon.db.prepare('SELECT source, row_key FROM quarantine ORDER BY id').all();
    expect(sources).toEqual([
      { source: 'calls', row_key: 'CA-ancient' },
      { source: 'events', row_key: expect.any(String) },
      { source: 'appointments', row_key: 'apt-far' },
      { source: 'customers', row_key: '1' },
    ]);
    await server.stop();
    server = undefined;

    const check = runCli('check', ['--db', dbPath, '--port', String(await freePort())], cleanEnv({ SALON_TIMEZONE: 'America/Chicago' }));
    expect(await check.exited(60_000)).toBe(0);
    expect(check.stdout()).toMatch(/quarantine\s+4 row\(s\) set aside/);
    expect(check.stdout()).toContain('appointments apt-far: start_at not between 2000-01-01 and 2100-01-01');
    expect(check.stdout()).toContain('calls CA-ancient: started_at not between 2000-01-01 and 2100-01-01');
  }, 90_000);
});
