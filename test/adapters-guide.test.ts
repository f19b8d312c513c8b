import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, Call } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';
import { cleanEnv, REPO_ROOT } from './support/child.js';

const TOKEN = 'adapter-guide-test-token';
const INTEGRATIONS = join(REPO_ROOT, 'resources', 'integrations');

/** The original setup guide's lines, verbatim: how an existing phone service connects. */
const GUIDE = `from ops_integrations.adapters.integrations.salon_phone_integration import (
    on_call_started, on_call_ended, on_intent_extracted, on_appointment_scheduled
)
# In voice_webhook:
asyncio.create_task(on_call_started({'CallSid': call_sid, 'From': form.get("From"), 'CallerName': form.get("CallerName")}))
# In call end handling:
asyncio.create_task(on_call_ended({'call_sid': call_sid, 'duration_sec': duration}))
# In intent extraction:
asyncio.create_task(on_intent_extracted({'call_sid': call_sid, 'intent': extracted_intent}))
# In appointment scheduling:
asyncio.create_task(on_appointment_scheduled({'call_sid': call_sid, 'job': job_data}))`;

/** The guide's lines placed where it says, in a phone service's handlers. */
function guideService(): string {
  const lines = GUIDE.split('\n');
  const body = (where: string) => {
    const at = lines.indexOf(`# In ${where}:`);
    expect(at, where).toBeGreaterThan(0);
    return `    ${lines[at]}\n    ${lines[at + 1]}`;
  };
  return `
import asyncio, datetime, json, logging, sys
logging.basicConfig(level=logging.DEBUG)
sys.path.insert(0, sys.argv[1])
${lines.slice(0, 3).join('\n')}

async def voice_webhook(call_sid, form):
${body('voice_webhook')}

async def handle_call_end(call_sid, duration):
${body('call end handling')}

async def extract_intent(call_sid, extracted_intent):
${body('intent extraction')}

async def schedule_appointment(call_sid, job_data):
${body('appointment scheduling')}

def job_of(raw):
    # A start given as {"datetime": ISO} is handed over as a datetime, as a booking system would.
    return {k: datetime.datetime.fromisoformat(v["datetime"]) if isinstance(v, dict) and "datetime" in v else v for k, v in raw.items()}

async def main():
    # Every handler only starts its task; they all run afterwards, side by side.
    tasks = []
    for call in json.load(open(sys.argv[2])):
        for handler, arg in ((voice_webhook, call["form"]), (extract_intent, call["intent"]),
                             (schedule_appointment, job_of(call["job"])), (handle_call_end, call["duration"])):
            before = asyncio.all_tasks()
            await handler(call["sid"], arg)
            tasks.extend(asyncio.all_tasks() - before)
    print(json.dumps(await asyncio.gather(*tasks)))

asyncio.run(main())
`;
}

interface GuideCall {
  sid: string;
  form: { From: string; CallerName: string };
  intent: string;
  job: Record<string, unknown>;
  duration: number;
}

/** Two calls as a phone service sees them: one whose job says everything, one whose job gives only a start. */
function guideCalls(prefix: string): GuideCall[] {
  return [
    {
      sid: `${prefix}-1`,
      form: { From: '(312) 555-0101', CallerName: 'Ana Ruiz' },
      intent: 'EMERGENCY_FIX',
      job: { id: `${prefix}-job-1`, customer_name: 'Ana Ruiz', customer_phone: '312-555-0101', service_type: 'Hair Color', scheduled_time: '2026-03-06T10:00:00-06:00', estimated_price: '130.00', notes: 'prefers Maria', crew: 'Maria' },
      duration: 184,
    },
    {
      sid: `${prefix}-2`,
      form: { From: '+1 312 555 0102', CallerName: 'Bo Lee' },
      intent: 'INSTALL_REQUEST',
      job: { scheduled_time: { datetime: '2026-03-07T15:00:00-06:00' } },
      duration: 95,
    },
  ];
}

/** What the app must have stored for guideCalls(prefix): each call whole, each booking linked to it. */
async function expectStored(server: TestServer, prefix: string): Promise<void> {
  const calls = (await server.request<{ items: Call[] }>('GET', '/salon/calls')).body.items;
  const appointments = (await server.request<{ items: Appointment[] }>('GET', '/salon/appointments')).body.items;
  const call = (sid: string) => calls.find((c) => c.call_sid === sid);
  const booking = (sid: string) => appointments.filter((a) => a.call_sid === sid);
  expect(call(`${prefix}-1`)).toMatchObject({ caller_name: 'Ana Ruiz', from: '+13125550101', status: 'answered', end_status: null, duration_sec: 184, intent: 'EMERGENCY_FIX' });
  expect(call(`${prefix}-2`)).toMatchObject({ caller_name: 'Bo Lee', from: '+13125550102', status: 'answered', duration_sec: 95, intent: 'INSTALL_REQUEST' });
  // The job's own values win over the call's.
  expect(booking(`${prefix}-1`)).toEqual([
    expect.objectContaining({ appointment_id: `${prefix}-job-1`, customer_name: 'Ana Ruiz', customer_phone: '+13125550101', service: 'Hair Color', price_cents: 13000, notes: 'prefers Maria' }),
  ]);
  // A job with only a start: the caller, and the intent's service at its price.
  expect(booking(`${prefix}-2`)).toEqual([
    expect.objectContaining({ customer_name: 'Bo Lee', customer_phone: '+13125550102', service: 'Highlights', price_cents: 15000, start: '2026-03-07T21:00:00.000Z' }),
  ]);
  expect(calls).toHaveLength(2);
  expect(appointments).toHaveLength(2);
}

/** The Node adapter's hooks as this test calls them (the module is plain JavaScript). */
interface NodeAdapter {
  configure(options: Record<string, unknown>): void;
  onCallStarted(...args: unknown[]): Promise<boolean>;
  onCallEnded(...args: unknown[]): Promise<boolean>;
  onIntentExtracted(...args: unknown[]): Promise<boolean>;
  onAppointmentScheduled(...args: unknown[]): Promise<boolean>;
}
const loadNodeAdapter = async () => (await import(pathToFileURL(join(INTEGRATIONS, 'salon-phone-integration.mjs')).href)) as NodeAdapter;

/** A logger for the Node adapter that keeps what it was told. */
function keptLog() {
  const lines: { level: string; text: string }[] = [];
  const at = (level: string) => (text: string) => lines.push({ level, text });
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: cleanEnv(env), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} failed: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

describe('the setup guide\'s snippet, as a phone service runs it, against the real server', () => {
  let dir = '';
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-guide-'));
    server = await startTestServer({ token: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('python: the module copied under ops_integrations/adapters/integrations/, the four lines called through asyncio.create_task: calls and bookings stored whole and linked', async () => {
    // The phone service's own package, with the adapter copied in as the guide says.
    const pkg = join(dir, 'service', 'ops_integrations', 'adapters', 'integrations');
    mkdirSync(pkg, { recursive: true });
    for (const level of ['ops_integrations', 'ops_integrations/adapters', 'ops_integrations/adapters/integrations']) writeFileSync(join(dir, 'service', level, '__init__.py'), '');
    copyFileSync(join(INTEGRATIONS, 'salon_phone_integration.py'), join(pkg, 'salon_phone_integration.py'));
    writeFileSync(join(dir, 'voice_service.py'), guideService());
    writeFileSync(join(dir, 'calls.json'), JSON.stringify(guideCalls('CA-py')));

    const spool = join(dir, 'py-spool.jsonl');
    const { stdout, stderr } = await run('python3', [join(dir, 'voice_service.py'), join(dir, 'service'), join(dir, 'calls.json')], {
      SALON_SERVICE_URL: server.url,
      SALON_WEBHOOK_TOKEN: TOKEN,
      SALON_SPOOL_PATH: spool,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!), stderr).toEqual(Array(8).fill(true));
    await expectStored(server, 'CA-py');
    // The job's key the adapter does not know is ignored, and said so at debug.
    expect(stderr).toMatch(/DEBUG:salon_phone_integration:salon: job: ignored unknown key\(s\) 'crew'/);
    expect(existsSync(spool) ? readFileSync(spool, 'utf8') : '').toBe('');
  });

  it('node: the same with the object forms (onCallStarted({ CallSid, From, CallerName }), …), started without waiting', async () => {
    const fresh = await startTestServer({ token: TOKEN });
    try {
      const { onCallStarted, onCallEnded, onIntentExtracted, onAppointmentScheduled, configure } = await loadNodeAdapter();
      const { lines, logger } = keptLog();
      configure({ serviceUrl: fresh.url, token: TOKEN, spoolPath: join(dir, 'node-spool.jsonl'), logger });
      const pending: Promise<boolean>[] = [];
      for (const { sid: CallSid, form, intent, job, duration } of guideCalls('CA-node')) {
        const { From, CallerName } = form;
        const jobData = Object.fromEntries(Object.entries(job).map(([k, v]) => [k, (v as { datetime?: string })?.datetime ? new Date((v as { datetime: string }).datetime) : v]));
        pending.push(onCallStarted({ CallSid, From, CallerName }));
        pending.push(onIntentExtracted({ call_sid: CallSid, intent }));
        pending.push(onAppointmentScheduled({ call_sid: CallSid, job: jobData }));
        pending.push(onCallEnded({ call_sid: CallSid, duration_sec: duration }));
      }
      expect(await Promise.all(pending), JSON.stringify(lines)).toEqual(Array(8).fill(true));
      await expectStored(fresh, 'CA-node');
      expect(lines).toContainEqual({ level: 'debug', text: 'salon: job: ignored unknown key(s) "crew"' });
    } finally {
      await fresh.stop();
    }
  });
});

/** Keys (in any case, with or without underscores) that name a call id or a start: junk never has them. */
const plainKey = (key: string) => key.toLowerCase().replaceAll('_', '');
const FORBIDDEN = new Set(['callsid', 'scheduledtime', 'start', 'starttime', 'appointmenttime', 'scheduledat']);
/** Keys the hooks do know, so that junk also reaches the code that reads them. */
const KNOWN_KEYS = ['From', 'from_number', 'CallerName', 'To', 'duration', 'CallDuration', 'CallStatus', 'status', 'intent', 'timestamp', 'job', 'customer', 'name', 'phone', 'customer_phone', 'service', 'job_type', 'price', 'estimated_price', 'email', 'notes', 'id', 'job_id'];

const PY_JUNK = `
import asyncio, datetime, json, logging, math, random, sys
sys.path.insert(0, sys.argv[1])
import salon_phone_integration as salon

seed, rounds = int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
FORBIDDEN = set(json.loads(sys.argv[4]))
KNOWN_KEYS = json.loads(sys.argv[5])

class Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.counts = {}
    def emit(self, record):
        self.counts[record.levelname] = self.counts.get(record.levelname, 0) + 1

counter = Counter()
log = logging.getLogger("salon_phone_integration")
log.addHandler(counter)
log.setLevel(logging.DEBUG)
log.propagate = False

class Hostile:
    """A value that cannot even be printed."""
    def __str__(self):
        raise RuntimeError("no text")
    __repr__ = __str__

CHARS = "abcXYZ019+-_ ()#@.:é漢🙂\\u0000\\n\\t\\u202e"

def text():
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 16)))

def allowed(key):
    return not (isinstance(key, str) and key.lower().replace("_", "") in FORBIDDEN)

def key():
    while True:
        k = rng.choice([
            lambda: rng.choice(KNOWN_KEYS),
            lambda: "".join(c.upper() if rng.random() < 0.5 else c for c in rng.choice(KNOWN_KEYS)),
            text,
            lambda: rng.randint(-5, 5),
            lambda: None,
            lambda: (1, "a"),
        ])()
        if allowed(k):
            return k

def scalar():
    return rng.choice([
        lambda: None,
        lambda: rng.random() < 0.5,
        lambda: rng.randint(-2**70, 2**70),
        lambda: rng.choice([math.nan, math.inf, -math.inf, -0.0, rng.uniform(-1e9, 1e9)]),
        text,
        lambda: text().encode(),
        lambda: datetime.date(2026, 3, 4),
        lambda: datetime.datetime(2026, 3, 4, 10, 0),
        Hostile,
        object,
    ])()

def junk(depth=0):
    if depth >= 3 or rng.random() < 0.5:
        return scalar()
    return rng.choice([
        lambda: [junk(depth + 1) for _ in range(rng.randint(0, 4))],
        lambda: tuple(junk(depth + 1) for _ in range(rng.randint(0, 3))),
        lambda: junk_dict(depth + 1),
    ])()

def junk_dict(depth=0):
    return {key(): junk(depth) for _ in range(rng.randint(0, 6))}

def not_text():
    while True:
        value = junk()
        if value is not None and not isinstance(value, (str, dict)):
            return value

def call_id_key():
    return rng.choice(["CallSid", "call_sid", "callSid", "CALL_SID", "callsid"])

def junk_call(hook):
    """One junk call of a hook: None, a non-dict, a dict without a call id or, for a booking, a job without a start."""
    first = rng.choice([lambda: None, not_text, junk_dict])
    if hook is salon.on_appointment_scheduled and rng.random() < 0.4:
        first = lambda: {call_id_key(): text() or "CA1", "job": rng.choice([not_text, junk_dict])()}
    extra = {k: junk() for k in (key() for _ in range(rng.randint(0, 3))) if isinstance(k, str) and k != "call_sid"}
    return (first(),), extra

async def main():
    hooks = [salon.on_call_started, salon.on_call_ended, salon.on_intent_extracted, salon.on_appointment_scheduled]
    calls, not_false, raised, unlogged = 0, [], [], 0
    for _ in range(rounds):
        for hook in hooks:
            args, kwargs = junk_call(hook)
            errors = counter.counts.get("ERROR", 0)
            calls += 1
            try:
                result = await hook(*args, **kwargs)
            except BaseException as err:
                raised.append(f"{hook.__name__}: {type(err).__name__}: {err}")
                continue
            if result is not False:
                not_false.append(f"{hook.__name__} answered {result!r}")
            if counter.counts.get("ERROR", 0) == errors:
                unlogged += 1
    print(json.dumps({"seed": seed, "calls": calls, "not_false": not_false[:5], "raised": raised[:5], "unlogged": unlogged, "logged": counter.counts}))

asyncio.run(main())
`;

describe('junk thrown at every hook: nothing raises, every hook answers False, and the reason is logged', () => {
  let server: TestServer;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-junk-'));
    // The real server: what is refused locally never reaches it, and what reached it would show.
    server = await startTestServer({ token: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function nothingStored(spool: string): Promise<void> {
    expect((await server.request('GET', '/salon/calls')).body.total).toBe(0);
    expect((await server.request('GET', '/salon/appointments')).body.total).toBe(0);
    expect(existsSync(spool)).toBe(false);
  }

  it('python (standard library random): 2,000 rounds of the four hooks', { timeout: 120_000 }, async () => {
    writeFileSync(join(dir, 'junk.py'), PY_JUNK);
    const seed = Date.now() % 1_000_000;
    const spool = join(dir, 'py-junk.jsonl');
    const { stdout } = await run('python3', [join(dir, 'junk.py'), INTEGRATIONS, String(seed), '2000', JSON.stringify([...FORBIDDEN]), JSON.stringify(KNOWN_KEYS)], {
      SALON_SERVICE_URL: server.url,
      SALON_WEBHOOK_TOKEN: TOKEN,
      SALON_SPOOL_PATH: spool,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { seed: number; calls: number; not_false: string[]; raised: string[]; unlogged: number; logged: Record<string, number> };
    const context = `seed ${report.seed}`;
    expect(report.calls).toBe(8000);
    expect(report.raised, context).toEqual([]);
    expect(report.not_false, context).toEqual([]);
    expect(report.unlogged, context).toBe(0);
    expect(report.logged.DEBUG, context).toBeGreaterThan(0);
    await nothingStored(spool);
  });

  it('node (fast-check): every hook resolves false, never throws or rejects', { timeout: 120_000 }, async () => {
    const adapter = await loadNodeAdapter();
    const { lines, logger } = keptLog();
    const spool = join(dir, 'node-junk.jsonl');
    adapter.configure({ serviceUrl: server.url, token: TOKEN, spoolPath: spool, logger });

    const key = fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string({ maxLength: 12 })).filter((k) => !FORBIDDEN.has(plainKey(k)));
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant(null),
        fc.constant(undefined),
        fc.boolean(),
        fc.integer(),
        fc.double(),
        fc.bigInt(),
        fc.string({ unit: 'grapheme', maxLength: 16 }),
        fc.date(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    }));
    const noCallId = fc.dictionary(key, value, { maxKeys: 6 });
    const notText = value.filter((v) => v !== null && v !== undefined && typeof v !== 'string' && !(typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)));
    const first = fc.oneof(fc.constant(null), fc.constant(undefined), notText, noCallId);
    const jobWithoutStart = fc
      .record({ key: fc.constantFrom('CallSid', 'call_sid', 'callSid', 'CALL_SID'), sid: fc.string({ minLength: 1, maxLength: 20 }), job: fc.oneof(notText, noCallId) })
      .map(({ key: k, sid, job }) => ({ [k]: sid, job }));

    const hooks = [
      { name: 'onCallStarted', args: fc.tuple(first, fc.array(value, { maxLength: 3 })).map(([a, rest]) => [a, ...rest]) },
      { name: 'onCallEnded', args: fc.tuple(first, fc.array(value, { maxLength: 4 })).map(([a, rest]) => [a, ...rest]) },
      { name: 'onIntentExtracted', args: fc.tuple(first, fc.array(value, { maxLength: 3 })).map(([a, rest]) => [a, ...rest]) },
      { name: 'onAppointmentScheduled', args: fc.oneof(first, jobWithoutStart).map((a) => [a]) },
    ] as const;
    for (const { name, args } of hooks) {
      await fc.assert(
        fc.asyncProperty(args, async (junk) => {
          const errors = lines.filter((l) => l.level === 'error').length;
          let answer: Promise<boolean>;
          try {
            answer = (adapter[name] as (...a: unknown[]) => Promise<boolean>)(...junk);
          } catch (err) {
            throw new Error(`${name} threw: ${String(err)}`);
          }
          expect(await answer).toBe(false);
          expect(lines.filter((l) => l.level === 'error').length).toBe(errors + 1);
        }),
        { numRuns: 1000 },
      );
    }
    expect(lines.some((l) => l.level === 'debug')).toBe(true);
    await nothingStored(spool);
  });
});
