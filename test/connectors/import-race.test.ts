/**
 * A phone connector's call while a CSV import is being applied (the import holds the database's
 * write lock until it commits): the call is spooled with the webhooks' events and stored once
 * the import has committed, never dropped. The desktop app's wiring (its ListenerControl's ingest,
 * shared with the connectors, as electron/main.ts does it; the import over IPC as the window
 * sends it) and the headless server's, each with the Asterisk stand-in ringing a live call: a
 * live event has no call log to come back from.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorHub, NO_CONNECTORS } from '../../electron/connectors/hub.js';
import { credentialsPathFor, FileCredentialStore } from '../../electron/connectors/credentials.js';
import { createHandlers } from '../../electron/core/handlers.js';
import { Salon } from '../../electron/core/salon.js';
import { createDispatcher } from '../../electron/ipc/dispatch.js';
import { ListenerControl } from '../../electron/shell/listener-control.js';
import { freePort } from '../support/child.js';
import { AMI_SECRET, AMI_USER, inboundCall, startAmiStandIn, type AmiStandIn } from './ami-stand-in.js';
import { removeDir, startConnectorServer, TOKEN } from './support.js';

const amiCredentials = (port: number) => ({ host: '127.0.0.1', port: String(port), username: AMI_USER, secret: AMI_SECRET, inbound_contexts: 'from-trunk' });

/** An appointments export of about `bytes`: big enough that applying it takes a while. */
function appointmentsCsv(bytes: number): string {
  const notes = 'Prefers Maria; allergic to ammonia; likes the chair by the window; '.repeat(4);
  const lines = ['appointment_id,start_utc,service,customer_phone,customer_name,notes'];
  let size = lines[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const line = `imp-${i},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}T${String(9 + (i % 9)).padStart(2, '0')}:00:00Z,Haircut,+1312555${String(i % 10_000).padStart(4, '0')},Client ${i % 10_000},"${notes}"`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Whether another connection holds the database's write lock now (an import being applied), asked without waiting. */
function writeLocked(probe: Database.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw err;
  }
}

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Starts the import, rings a call on the stand-in once the import holds the write lock, and
 * answers whether the import still held it when the call had reached the salon (stored or
 * spooled), with the import's own answer.
 */
async function ringDuringImport(opts: { dbPath: string; ami: AmiStandIn; sid: string; reached: () => boolean; runImport: () => Promise<unknown> }) {
  const probe = new Database(opts.dbPath);
  probe.pragma('busy_timeout = 0');
  let finished = false;
  const imported = opts.runImport().finally(() => (finished = true));
  try {
    await until('the import to hold the write lock', () => finished || writeLocked(probe), 60_000, 5);
    expect(finished, 'the import finished before its apply could be caught: make the file bigger').toBe(false);
    opts.ami.emit(inboundCall(opts.sid, Date.parse('2026-11-24T15:00:00Z'), { from: '+13125550142', name: 'Ana Ruiz' }).ring(0));
    await until('the call to reach the salon', () => finished || opts.reached(), 15_000, 5);
    const duringApply = !finished && writeLocked(probe);
    return { duringApply, answer: await imported };
  } finally {
    probe.close();
    // Never left running behind a failed expectation: closing the salon would wait for it.
    await imported.catch(() => undefined);
  }
}

/** Whether the event of call `sid` waits in the spool beside the database in `dir`. */
const spooled = (dir: string, sid: string) => {
  const path = join(dir, 'spool', 'customer_interactions_backup.jsonl');
  return existsSync(path) && readFileSync(path, 'utf8').includes(`"call_sid":"${sid}"`);
};
const stored = (db: Database.Database, sid: string) => db.prepare('SELECT call_sid, outcome, from_phone FROM calls WHERE call_sid = ?').get(sid) as { outcome: string } | undefined;
const appointments = (db: Database.Database) => (db.prepare("SELECT count(*) AS n FROM appointments WHERE appointment_id LIKE 'imp-%'").get() as { n: number }).n;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('a phone connector’s call while an import is being applied', () => {
  it('desktop app: the connectors share the listener’s ingest; the call is spooled during the import and stored after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salon-import-race-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const ami = await startAmiStandIn();
    cleanup.push(() => ami.close());
    const dbPath = join(dir, 'salon.db');
    const salon = new Salon(dbPath, { overrides: { timezone: 'America/Chicago' } });
    cleanup.push(async () => salon.close());
    // As electron/main.ts wires them: one ListenerControl, and the connectors fed into its ingest.
    const log: string[] = [];
    const webhook = new ListenerControl(salon, { host: '127.0.0.1', port: await freePort(), token: undefined }, { log: (line) => log.push(line) });
    cleanup.push(() => webhook.close());
    const connectors = new ConnectorHub({
      salon,
      store: new FileCredentialStore(credentialsPathFor(dbPath)),
      config: { ...NO_CONNECTORS, env: { ami: amiCredentials(ami.port) } },
      log: (line) => log.push(line),
    });
    connectors.start(webhook.ingest);
    cleanup.push(() => connectors.stop());
    await webhook.start();
    await until('the connector to log in', () => ami.connected() > 0 && connectors.view('ami').state === 'ok');

    const invoke = createDispatcher(createHandlers(salon, 'test'));
    const csv = appointmentsCsv(4 * 1024 * 1024);
    const { duringApply, answer } = await ringDuringImport({
      dbPath,
      ami,
      sid: '1732460400.7',
      reached: () => webhook.ingest.pending > 0 || !!stored(salon.db, '1732460400.7'),
      runImport: () => invoke('importCsv', { csv, kind: 'appointments' }),
    });
    expect(answer).toMatchObject({ ok: true, value: { applied: true } });
    expect(duringApply, 'the call reached the salon while the import held the database').toBe(true);
    expect(appointments(salon.db)).toBeGreaterThan(1000);
    // Stored once the import has committed: from the spool, within the ingest's retry.
    expect(await until('the call to be stored', () => stored(salon.db, '1732460400.7'))).toMatchObject({ outcome: 'live', from_phone: '+13125550142' });
    expect(webhook.ingest.pending).toBe(0);
    expect(log.join('\n')).not.toMatch(/could not be stored/);
  }, 120_000);

  it('headless server (npm run serve): the same, the import over HTTP', async () => {
    const ami = await startAmiStandIn();
    cleanup.push(() => ami.close());
    const server = await startConnectorServer({ env: { ami: amiCredentials(ami.port) } });
    cleanup.push(async () => {
      await server.close();
      removeDir(server.dir);
    });
    await server.until('ami', (v) => v.state === 'ok');
    const csv = appointmentsCsv(4 * 1024 * 1024);
    const { duringApply, answer } = await ringDuringImport({
      dbPath: server.dbPath,
      ami,
      sid: '1732460500.9',
      reached: () => !!stored(server.salon.db, '1732460500.9') || spooled(server.dir, '1732460500.9'),
      runImport: async () => {
        const res = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` }, body: csv });
        return { status: res.status, body: await res.json() };
      },
    });
    expect(answer).toMatchObject({ status: 200, body: { applied: true } });
    expect(duringApply, 'the call reached the salon while the import held the database').toBe(true);
    expect(await until('the call to be stored', () => stored(server.salon.db, '1732460500.9'))).toMatchObject({ outcome: 'live', from_phone: '+13125550142' });
  }, 120_000);
});
