/**
 * Phone connectors' calls while a CSV import is being applied (the import holds the database's
 * write lock until it commits): each call is spooled with the webhooks' events and stored once
 * the import has committed, never dropped, and no connector fails for it (its cursor and counts
 * wait in memory for the lock). The desktop app's wiring (its ListenerControl's ingest, shared
 * with the connectors, as electron/main.ts does it; the import over IPC as the window sends it)
 * with the Asterisk stand-in ringing a live call, which has no call log to come back from; and
 * the headless server's, with a live call, a Twilio call-log pass and a signed Aircall webhook.
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
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, twilioCall } from './twilio-stand-in.js';
import { removeDir, startConnectorServer, TOKEN, eventually } from './support.js';

const AIRCALL_TOKEN = 'aircall-webhook-token-0123456789';
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

const until = <T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000, everyMs = 20) => eventually(what, fn, timeoutMs, everyMs);

/**
 * Starts the import and, once it holds the write lock, does what the phone system does
 * (`during`); answers whether the import still held the lock when every call had reached the
 * salon (stored or spooled), with the import's own answer.
 */
async function duringImport<T>(opts: { dbPath: string; during: () => Promise<T>; reached: () => boolean; runImport: () => Promise<unknown> }) {
  const probe = new Database(opts.dbPath);
  probe.pragma('busy_timeout = 0');
  let finished = false;
  const imported = opts.runImport().finally(() => (finished = true));
  try {
    await until('the import to hold the write lock', () => finished || writeLocked(probe), 60_000, 5);
    expect(finished, 'the import finished before its apply could be caught: make the file bigger').toBe(false);
    const result = await opts.during();
    await until('the calls to reach the salon', () => finished || opts.reached(), 15_000, 5);
    const duringApply = !finished && writeLocked(probe);
    return { duringApply, result, answer: await imported };
  } finally {
    probe.close();
    // Never left running behind a failed expectation: closing the salon would wait for it.
    await imported.catch(() => undefined);
  }
}

const ring = (ami: AmiStandIn, sid: string) => async () => {
  ami.emit(inboundCall(sid, Date.parse('2026-11-24T15:00:00Z'), { from: '+13125550142', name: 'Ana Ruiz' }).ring(0));
};

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
    const { duringApply, answer } = await duringImport({
      dbPath,
      during: ring(ami, '1732460400.7'),
      reached: () => webhook.ingest.pending > 0 || !!stored(salon.db, '1732460400.7'),
      runImport: () => invoke('importCsv', { csv, kind: 'appointments' }),
    });
    expect(answer).toMatchObject({ ok: true, value: { applied: true } });
    expect(duringApply, 'the call reached the salon while the import held the database').toBe(true);
    expect(appointments(salon.db)).toBeGreaterThan(1000);
    // Stored once the import has committed: from the spool, within the ingest's retry.
    expect(await until('the call to be stored', () => stored(salon.db, '1732460400.7'))).toMatchObject({ outcome: 'live', from_phone: '+13125550142' });
    expect(webhook.ingest.pending).toBe(0);
    expect(log.join('\n')).not.toMatch(/could not be stored|not counted/);
    // Counted once the import has let go of the database.
    expect(connectors.view('ami').calls_imported).toBe(1);
  }, 120_000);

  it('headless server (npm run serve): a live call, a call-log pass and a signed webhook during an import over HTTP; none fails, all stored and counted after', async () => {
    const ami = await startAmiStandIn();
    cleanup.push(() => ami.close());
    const twilio = await startTwilioStandIn();
    cleanup.push(() => twilio.close());
    const server = await startConnectorServer({
      env: { ami: amiCredentials(ami.port), twilio: { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN }, aircall: { webhook_token: AIRCALL_TOKEN } },
      baseUrls: { twilio: twilio.url },
      // Passes are driven below, not by the clock.
      pollSeconds: 3600,
    });
    cleanup.push(async () => {
      await server.close();
      removeDir(server.dir);
    });
    await server.until('ami', (v) => v.state === 'ok');
    await server.until('twilio', (v) => v.state === 'ok');
    const csv = appointmentsCsv(4 * 1024 * 1024);
    const sids = ['1732460500.9', 'CApulled1', '4242'];
    const at = Date.now() - 120_000;
    const { duringApply, result, answer } = await duringImport({
      dbPath: server.dbPath,
      during: async () => {
        await ring(ami, sids[0]!)();
        twilio.calls.push(twilioCall({ sid: sids[1]!, startMs: at, status: 'no-answer' }));
        await server.connectors.syncNow('twilio');
        const aircall = await fetch(`${server.url}/aircall/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            resource: 'call', event: 'call.ended', timestamp: Math.floor(at / 1000) + 20, token: AIRCALL_TOKEN,
            data: { id: Number(sids[2]), direction: 'inbound', status: 'done', started_at: Math.floor(at / 1000), answered_at: null, ended_at: Math.floor(at / 1000) + 20, duration: 20, missed_call_reason: 'agents_did_not_answer', raw_digits: '+1 312-555-0101', number: { digits: '+1 312-555-0199' } },
          }),
        });
        return { aircall: aircall.status, twilio: await server.connector('twilio') };
      },
      reached: () => sids.every((sid) => !!stored(server.salon.db, sid) || spooled(server.dir, sid)),
      runImport: async () => {
        const res = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` }, body: csv });
        return { status: res.status, body: await res.json() };
      },
    });
    expect(answer).toMatchObject({ status: 200, body: { applied: true } });
    expect(duringApply, 'the calls reached the salon while the import held the database').toBe(true);
    // Nothing failed meanwhile: the webhook was answered 200, the call-log pass ended ok.
    expect(result.aircall).toBe(200);
    expect(result.twilio).toMatchObject({ state: 'ok', last_error: null });
    expect(await until('the live call to be stored', () => stored(server.salon.db, sids[0]!))).toMatchObject({ outcome: 'live', from_phone: '+13125550142' });
    expect(await until('the pulled call to be stored', () => stored(server.salon.db, sids[1]!))).toMatchObject({ outcome: 'missed' });
    expect(await until('the webhook’s call to be stored', () => stored(server.salon.db, sids[2]!))).toMatchObject({ outcome: 'missed' });
    // The counts and the cursor waited in memory for the lock, and are saved with the next write.
    await server.connectors.syncNow('twilio');
    for (const id of ['ami', 'twilio', 'aircall']) expect((await server.connector(id)).calls_imported, id).toBe(1);
    const saved = server.salon.db.prepare("SELECT calls_imported, cursor FROM connector_state WHERE id = 'twilio'").get() as { calls_imported: number; cursor: string };
    expect(saved.calls_imported).toBe(1);
    expect(saved.cursor).not.toBeNull();
  }, 120_000);
});
