/* global process, console, fetch, setTimeout, AbortSignal, Buffer */
/**
 * Salon Front Desk adapter for a phone service (Node 18+, ES module, no dependencies).
 *
 * Each function takes one object, as the setup guide shows (keys in any case, with aliases: see
 * the README):
 *
 *   onCallStarted({ CallSid, From, CallerName })
 *   onCallEnded({ call_sid, duration_sec })
 *   onIntentExtracted({ call_sid, intent })
 *   onAppointmentScheduled({ call_sid, job })
 *
 * or positional arguments:
 *
 *   await onCallStarted(callSid, fromNumber, { callerName, toNumber, timestamp })
 *   await onCallEnded(callSid, status, durationSec, { timestamp })
 *   await onIntentExtracted(callSid, intent, { timestamp })
 *   await onAppointmentScheduled(callSid, appointmentId, customerName, customerPhone, service, start,
 *                                { price, email, notes, timestamp })
 *   await flushSpool()
 *
 * The same behaviour as salon_phone_integration.py: each function posts the JSON of the app's
 * API (SPEC §3: POST /salon/call, POST /salon/appointment) and resolves to true when the app
 * stored the event, false otherwise; it never throws or rejects into the call flow: a problem (no
 * call id, a value of the wrong type, a job without a start, the app refusing the event) is
 * logged with its reason (unknown keys at debug) and the answer is false.
 * Every event carries an explicit ISO 8601 timestamp taken when the function is called (or
 * the one given), so a retried or spooled event keeps its real time and stays idempotent.
 * When the app cannot be reached (network error, timeout, 408, 429, 5xx; also 401/403/404/421,
 * which mean a wrong token or address), the event is retried after 0.2, 0.4 and 0.8 s and
 * then appended to a JSON-lines spool file; flushSpool() redelivers spooled events in order,
 * and every send calls it first. Bad input (400, 413, other 4xx) is logged, not retried.
 *
 * Configuration (read at each call, or set with configure()):
 *   SALON_SERVICE_URL    the app, default http://127.0.0.1:5002
 *   SALON_WEBHOOK_TOKEN  sent as "Authorization: Bearer <token>" when set
 *   SALON_SPOOL_PATH     the spool, default ~/.salon-front-desk/phone-spool.jsonl
 *                        (the system temp folder when there is no home folder)
 * The spool file has the same format as the Python adapter's, so both may share one.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const DEFAULT_URL = 'http://127.0.0.1:5002';
const DEFAULT_RETRY_DELAYS_MS = [200, 400, 800];
const DEFAULT_TIMEOUT_MS = 5000;
const STALE_LOCK_MS = 30_000;

const settings = {};

/**
 * Overrides the environment for this process: { serviceUrl, token, spoolPath, retryDelaysMs,
 * timeoutMs, logger }. A logger has error, warn and info methods, and may have debug (default:
 * console, info and debug silent).
 */
export function configure(options = {}) {
  for (const [key, value] of Object.entries(options)) if (value !== undefined) settings[key] = value;
}

const serviceUrl = () => String(settings.serviceUrl || process.env.SALON_SERVICE_URL || DEFAULT_URL).replace(/\/+$/, '');
const token = () => settings.token || process.env.SALON_WEBHOOK_TOKEN || undefined;
const logger = () => settings.logger ?? { error: console.error, warn: console.warn, info: () => {}, debug: () => {} };

function spoolPath() {
  const configured = settings.spoolPath || process.env.SALON_SPOOL_PATH;
  if (configured) return configured;
  let home = '';
  try {
    home = homedir();
  } catch {
    home = '';
  }
  return home ? join(home, '.salon-front-desk', 'phone-spool.jsonl') : join(tmpdir(), 'salon-front-desk', 'phone-spool.jsonl');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowIso = () => new Date().toISOString();

/** An ISO 8601 time with an offset: a string as given, a Date or epoch milliseconds in UTC. */
function iso(value, field) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new TypeError(`${field} must be an ISO 8601 string, a Date or epoch milliseconds`);
  return date.toISOString();
}

const compact = (body) => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null));

/** Names an event in the log without its phone numbers or names. */
function describe(path, body) {
  const kind = path.endsWith('/call') ? 'call' : 'appointment';
  const id = kind === 'call' ? body.call_sid : body.appointment_id ?? body.call_sid;
  return `${kind} ${body.event ?? 'booked'} ${id ?? ''}`.trim();
}

// ---- delivery ----

/** One POST; resolves to { outcome: 'ok' | 'retry' | 'rejected', reason }. */
async function postOnce(path, body) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let res;
  try {
    res = await fetch(serviceUrl() + path, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    return { outcome: 'retry', reason: `cannot reach ${serviceUrl()}: ${err?.cause?.code ?? err?.name ?? ''} ${err?.message ?? err}` };
  }
  let detail = '';
  try {
    const text = await res.text();
    if (!res.ok) detail = String(JSON.parse(text)?.error ?? text).slice(0, 300);
  } catch {
    /* a log line, nothing more */
  }
  const status = res.status;
  if (res.ok) return { outcome: 'ok', reason: `HTTP ${status}` };
  if (status === 408 || status === 429 || status >= 500) return { outcome: 'retry', reason: `HTTP ${status} ${detail}` };
  if (status === 401 || status === 403) return { outcome: 'retry', reason: `HTTP ${status}: the app refused the token; check SALON_WEBHOOK_TOKEN (${detail})` };
  if (status === 404) return { outcome: 'retry', reason: `HTTP 404 at ${serviceUrl()}${path}: is SALON_SERVICE_URL the salon app? (${detail})` };
  if (status === 421) return { outcome: 'retry', reason: `HTTP 421: the app does not answer to the host name in SALON_SERVICE_URL; use its address, or list the name in the app's SALON_ALLOWED_HOSTS (${detail})` };
  return { outcome: 'rejected', reason: `HTTP ${status} ${detail}` };
}

// ---- the spool ----

/**
 * Runs fn holding the spool's lock file (shared with other processes and the Python adapter).
 * Held around reads and writes of the spool only, never while posting.
 */
async function withSpoolLock(spool, fn) {
  const lock = `${spool}.lock`;
  await mkdir(dirname(spool), { recursive: true });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch (err) {
      if (err?.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - (await stat(lock)).mtimeMs > STALE_LOCK_MS) {
          await unlink(lock).catch(() => {});
          continue;
        }
      } catch {
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the spool lock ${lock} is held by another process`);
      await sleep(20);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => {});
  }
}

async function readOrEmpty(path) {
  try {
    return await readFile(path);
  } catch (err) {
    if (err?.code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
}

async function appendToSpool(path, body) {
  const spool = spoolPath();
  const line = `${JSON.stringify({ path, body, spooled_at: nowIso() })}\n`;
  await withSpoolLock(spool, async () => {
    const handle = await open(spool, 'a');
    try {
      const { size } = await handle.stat();
      // A line cut short by a crash must not swallow this one.
      const needsNewline = size > 0 && (await readOrEmpty(spool)).at(-1) !== 0x0a;
      await handle.appendFile((needsNewline ? '\n' : '') + line, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

async function spoolHasEvents() {
  try {
    return (await stat(spoolPath())).size > 0;
  } catch {
    return false;
  }
}

/** Replaces what a flush read with what is left of it, keeping whatever was appended meanwhile. */
async function settleSpool(read, remaining, rejected) {
  const spool = spoolPath();
  await withSpoolLock(spool, async () => {
    const now = await readOrEmpty(spool);
    if (rejected.length) await appendFile(`${spool}.rejected`, Buffer.concat(rejected));
    // Another process rewrote the spool meanwhile: leave it; a repeat is recognised by the app.
    if (now.length < read.length || !now.subarray(0, read.length).equals(read)) return;
    const tmp = join(dirname(spool), `${basename(spool)}.tmp${process.pid}`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(Buffer.concat([...remaining, now.subarray(read.length)]));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, spool);
  });
}

function splitLines(buffer) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i] === 0x0a) {
      lines.push(buffer.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < buffer.length) lines.push(buffer.subarray(start));
  return lines;
}

async function flushNow() {
  const spool = spoolPath();
  const read = await withSpoolLock(spool, () => readOrEmpty(spool));
  if (read.length === 0) return 0;
  const lines = splitLines(read);
  const remaining = [];
  const rejected = [];
  let delivered = 0;
  const log = logger();
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    if (raw.toString('utf8').trim() === '') continue;
    if (raw.at(-1) !== 0x0a) {
      rejected.push(Buffer.concat([raw, Buffer.from('\n')]));
      log.error(`salon spool: an incomplete line was set aside in ${basename(spool)}.rejected`);
      continue;
    }
    let entry;
    try {
      entry = JSON.parse(raw.toString('utf8'));
      if (typeof entry?.path !== 'string' || typeof entry?.body !== 'object' || entry.body === null) throw new Error('not an event');
    } catch {
      rejected.push(raw);
      log.error(`salon spool: an unreadable line was set aside in ${basename(spool)}.rejected`);
      continue;
    }
    const { outcome, reason } = await postOnce(entry.path, entry.body);
    if (outcome === 'ok') {
      delivered++;
    } else if (outcome === 'rejected') {
      rejected.push(raw);
      log.error(`salon spool: the app rejected ${describe(entry.path, entry.body)} (${reason}); set aside in ${basename(spool)}.rejected`);
    } else {
      remaining.push(...lines.slice(index));
      log.info(`salon spool: ${describe(entry.path, entry.body)} still cannot be delivered (${reason}); ${lines.length - index} left in the spool`);
      break;
    }
  }
  await settleSpool(read, remaining, rejected);
  if (delivered) log.info(`salon spool: delivered ${delivered} spooled event(s)`);
  return delivered;
}

async function sendNow(path, body) {
  const log = logger();
  try {
    await flushNow();
  } catch (err) {
    log.error(`salon spool: could not flush: ${err?.message ?? err}`);
  }
  const what = describe(path, body);
  if (await spoolHasEvents()) {
    // Older events are still waiting: this one goes behind them, in order.
    await appendToSpool(path, body);
    log.warn(`salon: the app is not reachable; ${what} spooled behind earlier events`);
    return false;
  }
  const delays = settings.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let reason = '';
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt) await sleep(delays[attempt - 1]);
    const result = await postOnce(path, body);
    reason = result.reason;
    if (result.outcome === 'ok') return true;
    if (result.outcome === 'rejected') {
      log.error(`salon: the app rejected ${what}: ${reason} (not retried)`);
      return false;
    }
  }
  await appendToSpool(path, body);
  log.warn(`salon: ${what} spooled to ${spoolPath()} (${reason})`);
  return false;
}

// One send at a time, so that events leave in the order they were reported.
let queue = Promise.resolve();
function serially(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

function send(hook, path, build) {
  let body;
  try {
    body = build();
  } catch (err) {
    logger().error(`salon: ${hook}: event not sent: ${err?.message ?? err}`);
    return Promise.resolve(false);
  }
  return serially(() => sendNow(path, body)).catch((err) => {
    logger().error(`salon: could not send or spool ${describe(path, body)}: ${err?.message ?? err}`);
    return false;
  });
}

// ---- arguments: positional, or one object as the setup guide sends ----

/*
 * Each value's name and the keys it may come under. Keys are matched ignoring case and
 * underscores (CallSid, call_sid and callSid are one key); when several are present, the first
 * listed that has a value wins. The same table as the Python adapter's.
 */
const EVENT_KEYS = {
  call_sid: ['callsid'],
  from_number: ['from', 'fromnumber'],
  caller_name: ['callername'],
  to_number: ['to', 'tonumber'],
  duration_sec: ['durationsec', 'duration', 'callduration'],
  status: ['status', 'callstatus'],
  intent: ['intent'],
  timestamp: ['timestamp'],
  job: ['job'],
};
const JOB_KEYS = {
  appointment_id: ['id', 'jobid', 'appointmentid'],
  customer_name: ['customername', 'name'],
  customer_phone: ['phone', 'customerphone'],
  email: ['email'],
  service: ['service', 'servicetype', 'jobtype', 'intent'],
  start: ['scheduledtime', 'start', 'starttime', 'appointmenttime', 'scheduledat'],
  price: ['price', 'estimatedprice'],
  notes: ['notes'],
  customer: ['customer'],
};
/** A job's `customer` object: customer.name, customer.phone, customer.email. */
const CUSTOMER_KEYS = { customer_name: ['name'], customer_phone: ['phone'], email: ['email'] };

class BadArguments extends Error {}

const typeName = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : value instanceof Date ? 'Date' : typeof value);
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const plainKey = (key) => key.toLowerCase().replaceAll('_', '');

/** The values of an object by their names; unknown keys are ignored and logged at debug. */
function pick(source, names, where) {
  const plain = new Map();
  for (const [key, value] of Object.entries(source)) if (!plain.has(plainKey(key))) plain.set(plainKey(key), value);
  const values = {};
  const known = new Set();
  for (const [name, keys] of Object.entries(names)) {
    for (const key of keys) {
      if (!plain.has(key)) continue;
      known.add(key);
      const value = plain.get(key);
      if (value !== undefined && value !== null && !(name in values)) values[name] = value;
    }
  }
  const unknown = Object.keys(source).filter((key) => !known.has(plainKey(key)));
  if (unknown.length) logger().debug?.(`salon: ${where}: ignored unknown key(s) ${unknown.map((k) => JSON.stringify(k.slice(0, 60))).sort().join(', ')}`);
  return values;
}

/** One object (the setup guide's form) or the positional form, as one set of values by name; what is given positionally wins. */
function argumentsOf(hook, first, given, names) {
  let values;
  if (isRecord(first)) values = pick(first, Object.fromEntries(names.map((n) => [n, EVENT_KEYS[n]])), hook);
  else if (first === undefined || first === null) values = {};
  else if (typeof first === 'string') values = { call_sid: first };
  else throw new BadArguments(`the call id must be a string, or the event one object; not ${typeName(first)}`);
  for (const [name, value] of Object.entries(given)) if (value !== undefined && value !== null) values[name] = value;
  if (isRecord(first) && !('call_sid' in values)) throw new BadArguments('the object has no call id (CallSid or call_sid)');
  return values;
}

/** The positional form's last argument, `{ … }` or nothing. */
function optionsOf(options) {
  if (options === undefined || options === null) return {};
  if (!isRecord(options)) throw new BadArguments(`the options must be an object, not ${typeName(options)}`);
  return options;
}

function text(values, name, required = false) {
  const value = values[name];
  if (value === undefined || value === null) {
    if (required) throw new BadArguments(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new BadArguments(`${name} must be a string, not ${typeName(value)}`);
  if (required && !value.trim()) throw new BadArguments(`${name} is empty`);
  return value;
}

/** A number of seconds or dollars: a number or a numeric string, at least 0. */
function number(values, name) {
  const value = values[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') throw new BadArguments(`${name} must be a number, not ${typeName(value)}`);
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new BadArguments(`${name} must be a number at least 0, not ${JSON.stringify(String(value).slice(0, 40))}`);
  return n;
}

function time(values, name) {
  const value = values[name];
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || value instanceof Date) return iso(value, name);
  throw new BadArguments(`${name} must be an ISO 8601 string, a Date or epoch milliseconds, not ${typeName(value)}`);
}

/** The setup guide's `job` as the values of the positional form. */
function jobOf(values) {
  const { job } = values;
  if (!isRecord(job)) throw new BadArguments(`job must be an object, not ${typeName(job)}`);
  const { customer, ...fields } = pick(job, JOB_KEYS, 'job');
  if (customer !== undefined) {
    if (!isRecord(customer)) throw new BadArguments(`job customer must be an object, not ${typeName(customer)}`);
    for (const [name, value] of Object.entries(pick(customer, CUSTOMER_KEYS, 'job customer'))) if (!(name in fields)) fields[name] = value;
  }
  return fields;
}

/**
 * The job's own id or, without one, an id made from what identifies the booking (the call, the
 * start, the service, the phone), so that a resend of the same job is the same booking. The
 * Python adapter makes the same id from the same text.
 */
function appointmentIdOf(given, identity) {
  if (given !== undefined && given !== null && typeof given !== 'string' && !(typeof given === 'number' && Number.isFinite(given))) {
    throw new BadArguments(`the appointment id must be a string or a number, not ${typeName(given)}`);
  }
  if (given !== undefined && given !== null && String(given).trim()) return String(given);
  return `job-${createHash('sha256').update(JSON.stringify(identity.map((v) => v ?? null))).digest('hex').slice(0, 24)}`;
}

// ---- the four events ----
//
// Each takes its positional form or one object, as the setup guide shows, e.g.
//   onCallStarted({ CallSid, From, CallerName })
// and resolves to true once the app has stored the event. Anything wrong (no call id, a value of
// the wrong type, a job without a start) is logged with its reason and resolves to false; nothing
// throws or rejects.

/** An inbound call began ringing. Object keys: CallSid, From, CallerName, To, timestamp. */
export function onCallStarted(callSid, fromNumber, options) {
  const calledAt = nowIso();
  return send('onCallStarted', '/salon/call', () => {
    const { callerName, toNumber, timestamp } = optionsOf(options);
    const v = argumentsOf('onCallStarted', callSid, { from_number: fromNumber, caller_name: callerName, to_number: toNumber, timestamp }, [
      'call_sid',
      'from_number',
      'caller_name',
      'to_number',
      'timestamp',
    ]);
    return compact({
      event: 'started',
      call_sid: text(v, 'call_sid', true),
      from: text(v, 'from_number'),
      to: text(v, 'to_number'),
      caller_name: text(v, 'caller_name'),
      direction: 'inbound',
      timestamp: time(v, 'timestamp') ?? calledAt,
    });
  });
}

/**
 * A call ended: status is completed, answered, missed, no-answer, busy, canceled, failed or
 * voicemail. Without a status, a call with a duration counts as answered. Object keys: CallSid,
 * status (CallStatus), duration_sec (duration, CallDuration), timestamp.
 */
export function onCallEnded(callSid, status, durationSec, options) {
  const calledAt = nowIso();
  return send('onCallEnded', '/salon/call', () => {
    const { timestamp } = optionsOf(options);
    const v = argumentsOf('onCallEnded', callSid, { status, duration_sec: durationSec, timestamp }, ['call_sid', 'status', 'duration_sec', 'timestamp']);
    const duration = number(v, 'duration_sec');
    return compact({
      event: 'ended',
      call_sid: text(v, 'call_sid', true),
      status: text(v, 'status'),
      duration_sec: duration === undefined ? undefined : Math.round(duration),
      timestamp: time(v, 'timestamp') ?? calledAt,
    });
  });
}

/** The phone agent understood what the caller wants (an intent code such as EMERGENCY_FIX). Object keys: CallSid, intent, timestamp. */
export function onIntentExtracted(callSid, intent, options) {
  const calledAt = nowIso();
  return send('onIntentExtracted', '/salon/call', () => {
    const { timestamp } = optionsOf(options);
    const v = argumentsOf('onIntentExtracted', callSid, { intent, timestamp }, ['call_sid', 'intent', 'timestamp']);
    return { event: 'intent', call_sid: text(v, 'call_sid', true), intent: text(v, 'intent', true), timestamp: time(v, 'timestamp') ?? calledAt };
  });
}

/**
 * An appointment was booked (during callSid; null for a booking made off the phone). service is
 * a service name or an intent code; start an ISO time with offset, a Date or epoch ms; price in
 * dollars. Left out during a call, the app takes the customer (the caller) and the service (the
 * call's intent) from the call, and the price from the service. Object form:
 * { call_sid, job: {…} } with the job's keys as in the README.
 */
export function onAppointmentScheduled(callSid, appointmentId, customerName, customerPhone, service, start, options) {
  const calledAt = nowIso();
  return send('onAppointmentScheduled', '/salon/appointment', () => {
    const { price, email, notes, timestamp } = optionsOf(options);
    const given = { appointment_id: appointmentId, customer_name: customerName, customer_phone: customerPhone, service, start, price, email, notes, timestamp };
    let v = argumentsOf('onAppointmentScheduled', callSid, given, ['call_sid', 'job', 'timestamp']);
    if ('job' in v) v = { ...jobOf(v), ...v };
    const sid = text(v, 'call_sid');
    const begins = time(v, 'start');
    if (begins === undefined) throw new BadArguments('the appointment has no start (job: scheduled_time, start, start_time, appointment_time or scheduled_at)');
    const what = text(v, 'service');
    const phone = text(v, 'customer_phone');
    const customer = compact({ name: text(v, 'customer_name'), phone, email: text(v, 'email') });
    return compact({
      event: 'booked',
      appointment_id: appointmentIdOf(v.appointment_id, [sid, begins, what, phone]),
      call_sid: sid,
      customer: Object.keys(customer).length ? customer : undefined,
      service: what,
      start: begins,
      price: number(v, 'price'),
      notes: text(v, 'notes'),
      timestamp: time(v, 'timestamp') ?? calledAt,
    });
  });
}

/** Delivers the spooled events, oldest first, as far as the app takes them; resolves to how many. Never rejects. */
export function flushSpool() {
  return serially(flushNow).catch((err) => {
    logger().error(`salon spool: could not flush: ${err?.message ?? err}`);
    return 0;
  });
}

/** Where the spool file is (SALON_SPOOL_PATH, configure(), or the default). */
export { spoolPath };
