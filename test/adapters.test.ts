import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../electron/server/start.js';
import { startTestServer, type TestServer } from './support/server.js';
import { cleanEnv, freePort, REPO_ROOT } from './support/child.js';

const TOKEN = 'adapter-test-token';
const ZONE = 'America/Chicago';
const INTEGRATIONS = join(REPO_ROOT, 'resources', 'integrations');
const WEEKLY = '/salon/metrics/weekly?weeks_back=2&until=2026-03-04';

/** One call of an adapter function, with the Python adapter's argument names. */
interface Step {
  fn: 'on_call_started' | 'on_call_ended' | 'on_intent_extracted' | 'on_appointment_scheduled' | 'flush_spool';
  args: Record<string, string | number | null>;
}

const at = (time: string) => `2026-03-04T${time}:00-06:00`; // a Wednesday, salon time
const started = (sid: string, time: string, from: string | null, name: string | null = null): Step => ({
  fn: 'on_call_started',
  args: { call_sid: sid, from_number: from, caller_name: name, to_number: '+13125550000', timestamp: at(time) },
});
const ended = (sid: string, time: string, status: string, duration: number): Step => ({ fn: 'on_call_ended', args: { call_sid: sid, status, duration_sec: duration, timestamp: at(time) } });
const intent = (sid: string, code: string, time?: string): Step => ({ fn: 'on_intent_extracted', args: { call_sid: sid, intent: code, ...(time ? { timestamp: at(time) } : {}) } });

/** A day at the front desk: answered, missed, after-hours and live calls, bookings, a resend, and one bad event. */
const DAY: Step[] = [
  started('CA1', '09:05', '+13125550101', 'Ana Ruiz'),
  intent('CA1', 'EMERGENCY_FIX', '09:06'),
  {
    fn: 'on_appointment_scheduled',
    args: { call_sid: 'CA1', appointment_id: 'ext-1', customer_name: 'Ana Ruiz', customer_phone: '+13125550101', service: 'Haircut', start: '2026-03-05T10:00:00-06:00', email: 'ana@example.com', notes: 'prefers Maria', timestamp: at('09:07') },
  },
  ended('CA1', '09:08', 'completed', 184),
  started('CA2', '10:30', '+13125550102'),
  ended('CA2', '10:31', 'no-answer', 0),
  started('CA3', '12:00', '+13125550103', 'Bo Lee'),
  ended('CA3', '12:01', 'completed', 0),
  started('CA5', '14:00', '+13125550105', 'Cy Park'),
  intent('CA5', 'INSTALL_REQUEST', '14:02'),
  {
    fn: 'on_appointment_scheduled',
    args: { call_sid: 'CA5', appointment_id: 'ext-2', customer_name: 'Cy Park', customer_phone: '+13125550105', service: 'INSTALL_REQUEST', start: '2026-03-06T15:00:00-06:00', price: 160, timestamp: at('14:04') },
  },
  ended('CA5', '14:05', 'completed', 300),
  started('CA6', '16:00', null),
  ended('CA6', '16:00', 'busy', 0),
  started('CA7', '17:55', '+13125550107', 'Dee'),
  // The agent's intent on the live call, reported without a time: the adapter dates it itself.
  intent('CA7', 'QUOTE_REQUEST'),
  started('CA4', '19:30', '+13125550104'),
  ended('CA4', '19:31', 'voicemail', 20),
  { fn: 'on_appointment_scheduled', args: { call_sid: null, appointment_id: 'ext-3', customer_name: 'Eve', customer_phone: '+13125550108', service: 'Blowout', start: '2026-03-07T11:00:00-06:00', timestamp: at('18:30') } },
  // The phone system sends the first call again: the app counts it once.
  started('CA1', '09:05', '+13125550101', 'Ana Ruiz'),
  // Bad input: the app refuses it (400); an adapter neither retries nor spools it.
  ended('CA8', '18:45', 'exploded', 10),
];
const BAD = DAY.length - 1;

/** The body SPEC §3 defines for each step: what the adapters must send. */
function directRequest(step: Step): { path: string; body: Record<string, unknown> } {
  const a = step.args;
  const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  switch (step.fn) {
    case 'on_call_started':
      return { path: '/salon/call', body: clean({ event: 'started', call_sid: a.call_sid, from: a.from_number, to: a.to_number, caller_name: a.caller_name, direction: 'inbound', timestamp: a.timestamp }) };
    case 'on_call_ended':
      return { path: '/salon/call', body: clean({ event: 'ended', call_sid: a.call_sid, status: a.status, duration_sec: a.duration_sec, timestamp: a.timestamp }) };
    case 'on_intent_extracted':
      return { path: '/salon/call', body: clean({ event: 'intent', call_sid: a.call_sid, intent: a.intent, timestamp: a.timestamp }) };
    case 'on_appointment_scheduled':
      return {
        path: '/salon/appointment',
        body: clean({
          event: 'booked',
          appointment_id: a.appointment_id,
          call_sid: a.call_sid,
          customer: clean({ name: a.customer_name, phone: a.customer_phone, email: a.email }),
          service: a.service,
          start: a.start,
          price: a.price,
          notes: a.notes,
          timestamp: a.timestamp,
        }),
      };
    default:
      throw new Error(`no direct request for ${step.fn}`);
  }
}

const PY_DRIVER = `
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import salon_phone_integration as salon

async def main():
    results = []
    for step in json.load(open(sys.argv[2])):
        fn = getattr(salon, step["fn"])
        results.append(await fn(**step["args"]))
    print(json.dumps(results))

asyncio.run(main())
`;

const NODE_DRIVER = `
import { readFileSync } from 'node:fs';
const salon = await import(process.argv[2]);
const calls = {
  on_call_started: (a) => salon.onCallStarted(a.call_sid, a.from_number, { callerName: a.caller_name, toNumber: a.to_number, timestamp: a.timestamp }),
  on_call_ended: (a) => salon.onCallEnded(a.call_sid, a.status, a.duration_sec, { timestamp: a.timestamp }),
  on_intent_extracted: (a) => salon.onIntentExtracted(a.call_sid, a.intent, { timestamp: a.timestamp }),
  on_appointment_scheduled: (a) =>
    salon.onAppointmentScheduled(a.call_sid, a.appointment_id, a.customer_name, a.customer_phone, a.service, a.start, { price: a.price, email: a.email, notes: a.notes, timestamp: a.timestamp }),
  flush_spool: () => salon.flushSpool(),
};
const results = [];
for (const step of JSON.parse(readFileSync(process.argv[3], 'utf8'))) results.push(await calls[step.fn](step.args));
console.log(JSON.stringify(results));
`;

type Adapter = 'python' | 'node';

describe('the phone-service adapters against the real server', () => {
  let dir = '';
  let direct: TestServer;
  let expected: unknown;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-adapters-'));
    writeFileSync(join(dir, 'driver.py'), PY_DRIVER);
    writeFileSync(join(dir, 'driver.mjs'), NODE_DRIVER);
    // The reference: the same events posted straight to the API.
    direct = await startTestServer({ token: TOKEN });
    for (const [i, step] of DAY.entries()) {
      const { path, body } = directRequest(step);
      const res = await direct.request('POST', path, body);
      expect(res.status, `${step.fn} ${JSON.stringify(res.body)}`).toBe(i === BAD ? 400 : 200);
    }
    expected = (await direct.request('GET', WEEKLY)).body;
  });
  afterAll(async () => {
    await direct?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a script of steps through one adapter in its own process; answers what each call returned. */
  function drive(adapter: Adapter, steps: Step[], env: Record<string, string>, name: string): Promise<{ results: unknown[]; stderr: string }> {
    const script = join(dir, `${name}.json`);
    writeFileSync(script, JSON.stringify(steps));
    const [command, args] =
      adapter === 'python'
        ? ['python3', [join(dir, 'driver.py'), INTEGRATIONS, script]]
        : [process.execPath, [join(dir, 'driver.mjs'), pathToFileURL(join(INTEGRATIONS, 'salon-phone-integration.mjs')).href, script]];
    return new Promise((resolve, reject) => {
      execFile(command, args, { env: cleanEnv(env), timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`${adapter} driver failed: ${err.message}\n${stderr}`));
        const last = stdout.trim().split('\n').at(-1)!;
        resolve({ results: JSON.parse(last) as unknown[], stderr });
      });
    });
  }

  it('the reference day has the figures it was made for', () => {
    const week = (expected as { weeks: Record<string, unknown>[] }).weeks[1]!;
    expect(week).toMatchObject({
      week_start: '2026-03-02',
      calls_total: 7,
      calls_answered: 2,
      calls_missed: 4,
      calls_after_hours: 1,
      avg_call_duration_sec: 242,
      calls_converted: 2,
      appointments_booked: 3,
      appointments_scheduled: 3,
    });
  });

  for (const adapter of ['python', 'node'] as const) {
    it(`${adapter}: the scripted day sent through the adapter gives the same weekly figures as posting the events directly, and the bad event is refused, logged and not spooled`, async () => {
      const server = await startTestServer({ token: TOKEN });
      try {
        const spool = join(dir, `${adapter}-up.jsonl`);
        const { results, stderr } = await drive(adapter, DAY, { SALON_SERVICE_URL: server.url, SALON_WEBHOOK_TOKEN: TOKEN, SALON_SPOOL_PATH: spool }, `${adapter}-up`);
        expect(results).toEqual(DAY.map((_, i) => i !== BAD));
        expect((await server.request('GET', WEEKLY)).body).toEqual(expected);
        // Refused once (400), logged, and not spooled.
        expect(stderr).toMatch(/rejected call ended CA8: HTTP 400/);
        expect(existsSync(spool) ? readFileSync(spool, 'utf8') : '').toBe('');
        expect(existsSync(`${spool}.rejected`)).toBe(false);
      } finally {
        await server.stop();
      }
    });

    it(`${adapter}: an app that does not answer to the host name it was given (421) is a configuration mistake: the event is spooled, and the log names SALON_ALLOWED_HOSTS`, async () => {
      const open = await startServer({ host: '0.0.0.0', port: 0, dbPath: join(dir, `${adapter}-421.db`), token: TOKEN, overrides: { timezone: ZONE }, priceEnv: {}, twilio: {} });
      try {
        const spool = join(dir, `${adapter}-421.jsonl`);
        // 127.0.0.2 reaches the listener (it binds every address) but is none of the machine's addresses: not a Host it serves.
        const url = `http://127.0.0.2:${new URL(open.url).port}`;
        const { results, stderr } = await drive(adapter, [started('CA-421', '09:00', '+13125550109')], { SALON_SERVICE_URL: url, SALON_WEBHOOK_TOKEN: TOKEN, SALON_SPOOL_PATH: spool }, `${adapter}-421`);
        expect(results).toEqual([false]);
        expect(stderr).toMatch(/HTTP 421.*SALON_ALLOWED_HOSTS/);
        expect(readFileSync(spool, 'utf8').trim().split('\n')).toHaveLength(1);
      } finally {
        await open.close();
      }
    });

    it(`${adapter}: with the app down every event is spooled with its own time; once the app is up on that port, flush delivers them in order, the figures are right and the spool is emptied`, async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const spool = join(dir, `${adapter}-down.jsonl`);
      const env = { SALON_SERVICE_URL: url, SALON_WEBHOOK_TOKEN: TOKEN, SALON_SPOOL_PATH: spool };
      const before = new Date().toISOString();
      const down = await drive(adapter, DAY, env, `${adapter}-down`);
      const after = new Date().toISOString();
      expect(down.results).toEqual(DAY.map(() => false));

      // One line per event, in the order reported, each with its SPEC body and an explicit time.
      const lines = readFileSync(spool, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { path: string; body: Record<string, unknown> });
      expect(lines).toHaveLength(DAY.length);
      lines.forEach((line, i) => {
        const want = directRequest(DAY[i]!);
        expect(line.path).toBe(want.path);
        if (want.body.timestamp) expect(line.body).toEqual(want.body);
        else {
          // The untimed intent: dated by the adapter when it was called.
          const { timestamp, ...rest } = line.body;
          expect(rest).toEqual(want.body);
          const ms = Date.parse(String(timestamp));
          expect(ms).toBeGreaterThanOrEqual(Date.parse(before) - 1000);
          expect(ms).toBeLessThanOrEqual(Date.parse(after) + 1000);
        }
      });

      const dir2 = mkdtempSync(join(tmpdir(), 'salon-adapters-db-'));
      let server: RunningServer | undefined;
      try {
        server = await startServer({ host: '127.0.0.1', port, dbPath: join(dir2, 'salon.db'), token: TOKEN, overrides: { timezone: ZONE }, priceEnv: {}, twilio: {} });
        const flushed = await drive(adapter, [{ fn: 'flush_spool', args: {} }], env, `${adapter}-flush`);
        // Every event but the bad one is delivered; the bad one is set aside, not lost.
        expect(flushed.results).toEqual([DAY.length - 1]);
        const res = await fetch(`${url}${WEEKLY}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(await res.json()).toEqual(expected);
        expect(statSync(spool).size).toBe(0);
        const rejected = readFileSync(`${spool}.rejected`, 'utf8').trim().split('\n');
        expect(rejected).toHaveLength(1);
        expect(JSON.parse(rejected[0]!).body).toMatchObject({ call_sid: 'CA8', status: 'exploded' });
        // Delivered in the order reported (the resend of CA1's start is a repeat and adds nothing).
        const logged = server.salon.db.prepare(`SELECT subject_id, type, occurred_at, received_at FROM events ORDER BY seq`).all() as { subject_id: string; type: string; occurred_at: number; received_at: number }[];
        const sent = lines.slice(0, BAD - 1).map((l) => `${String(l.body.appointment_id ?? l.body.call_sid)}:${String(l.body.event)}`);
        expect(logged.map((e) => `${e.subject_id}:${e.type}`)).toEqual(sent);
        // The untimed intent is dated when the adapter was called, not when it was finally delivered.
        const spooledIntent = lines.find((l) => l.body.call_sid === 'CA7' && l.body.event === 'intent')!;
        const storedIntent = logged.find((e) => e.subject_id === 'CA7' && e.type === 'intent')!;
        expect(storedIntent.occurred_at).toBe(Date.parse(String(spooledIntent.body.timestamp)));
        expect(storedIntent.received_at).toBeGreaterThan(storedIntent.occurred_at);
      } finally {
        await server?.close();
        rmSync(dir2, { recursive: true, force: true });
      }
    });
  }
});
