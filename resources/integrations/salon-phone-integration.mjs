/* global process, console, fetch, setTimeout, AbortSignal, Buffer */
/**
 * Salon Front Desk adapter for a phone service (Node 18+, ES module, no dependencies).
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
 * stored the event, false otherwise; it never rejects into the call flow (problems are logged).
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
 * timeoutMs, logger }. A logger has error, warn and info methods (default: console, info silent).
 */
export function configure(options = {}) {
  for (const [key, value] of Object.entries(options)) if (value !== undefined) settings[key] = value;
}

const serviceUrl = () => String(settings.serviceUrl || process.env.SALON_SERVICE_URL || DEFAULT_URL).replace(/\/+$/, '');
const token = () => settings.token || process.env.SALON_WEBHOOK_TOKEN || undefined;
const logger = () => settings.logger ?? { error: console.error, warn: console.warn, info: () => {} };

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

function send(path, build) {
  let body;
  try {
    body = build();
  } catch (err) {
    logger().error(`salon: event not sent, bad arguments: ${err?.message ?? err}`);
    return Promise.resolve(false);
  }
  return serially(() => sendNow(path, body)).catch((err) => {
    logger().error(`salon: could not send or spool ${describe(path, body)}: ${err?.message ?? err}`);
    return false;
  });
}

// ---- the four events ----

/** An inbound call began ringing. */
export function onCallStarted(callSid, fromNumber, { callerName, toNumber, timestamp } = {}) {
  const calledAt = nowIso();
  return send('/salon/call', () =>
    compact({
      event: 'started',
      call_sid: String(callSid),
      from: fromNumber,
      to: toNumber,
      caller_name: callerName,
      direction: 'inbound',
      timestamp: iso(timestamp, 'timestamp') ?? calledAt,
    }),
  );
}

/** A call ended: status is completed, answered, missed, no-answer, busy, canceled, failed or voicemail. */
export function onCallEnded(callSid, status, durationSec, { timestamp } = {}) {
  const calledAt = nowIso();
  return send('/salon/call', () =>
    compact({
      event: 'ended',
      call_sid: String(callSid),
      status,
      duration_sec: durationSec === undefined || durationSec === null ? undefined : Math.round(Number(durationSec)),
      timestamp: iso(timestamp, 'timestamp') ?? calledAt,
    }),
  );
}

/** The phone agent understood what the caller wants (an intent code such as EMERGENCY_FIX). */
export function onIntentExtracted(callSid, intent, { timestamp } = {}) {
  const calledAt = nowIso();
  return send('/salon/call', () => ({ event: 'intent', call_sid: String(callSid), intent, timestamp: iso(timestamp, 'timestamp') ?? calledAt }));
}

/**
 * An appointment was booked (during callSid, if given). service is a service name or an intent
 * code; start an ISO time with offset, a Date or epoch ms; price in dollars (default: the
 * service's price).
 */
export function onAppointmentScheduled(callSid, appointmentId, customerName, customerPhone, service, start, { price, email, notes, timestamp } = {}) {
  const calledAt = nowIso();
  return send('/salon/appointment', () =>
    compact({
      event: 'booked',
      appointment_id: String(appointmentId),
      call_sid: callSid === undefined || callSid === null ? undefined : String(callSid),
      customer: compact({ name: customerName, phone: customerPhone, email }),
      service,
      start: iso(start, 'start'),
      price: price === undefined || price === null ? undefined : Number(price),
      notes,
      timestamp: iso(timestamp, 'timestamp') ?? calledAt,
    }),
  );
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
