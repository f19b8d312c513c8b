/**
 * `npm run bench`: the figures the salon's owner feels, against their targets, in one table.
 *
 * Builds (or takes from `.cache/bench/`) demo-data databases of 1, 5 and 10 years, starts the
 * real headless server on copies of them (child processes, as `npm run serve` runs them), and two
 * baselines for ingest: a bare fastify route, and the durable-append limit (bench/limit-server.ts);
 * loads them with autocannon; prints `figure | measured | target | ok/MISS` (with the spread over
 * the rounds where a figure is measured in each). Progress goes to stderr, the table to stdout.
 * Batch ingest (`Salon.ingestCalls`, a connector's backfill) is timed in-process on copies of the
 * 10-year database. Exit status 0 when every figure meets its target, 1 otherwise.
 *
 * Then runs the load and fault tests of `npm test` as a long soak, `--soak N` times larger
 * (default 5: 5,000 concurrent webhooks; 10,000 events with 20 kills; 0 skips it).
 *
 * Options: `--seed S` (default 1), `--quick` (shorter load rounds and a 2× soak, for a smoke run).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, cleanEnv, runServeScript, type Child } from '../test/support/child.js';
import { ensureDataset, type Dataset } from './datasets.js';
import { batchIngestRate } from './batch.js';
import { csvImportSeconds } from './csv-import.js';
import { webhookWaitsBehindImport } from './import-race.js';
import { cpuMs, liveClient, median, percentile, postLoad, rssMb, timeGets, timedRequest, type LoadResult } from './measure.js';

const { values } = parseArgs({ options: { seed: { type: 'string' }, quick: { type: 'boolean' }, soak: { type: 'string' } }, strict: true });
const SEED = Number(values.seed ?? 1);
const QUICK = values.quick === true;
/** How many times larger than in `npm test` the load and fault tests run at the end (0: not at all). */
const SOAK = Number(values.soak ?? (QUICK ? 2 : 5));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

const runDir = mkdtempSync(join(tmpdir(), 'salon-bench-'));
const children: { kill(signal?: NodeJS.Signals): void }[] = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(runDir, { recursive: true, force: true });
});

/** The headless server over a fresh copy of a cached database, once its start-up work (the daily backup) is done. */
async function serve(dataset: Dataset): Promise<{ url: string; pid: number; child: Child }> {
  const dir = mkdtempSync(join(runDir, `${dataset.weeks}w-`));
  const dbPath = join(dir, 'salon.db');
  copyFileSync(dataset.path, dbPath);
  const child = runServeScript(['--port', '0', '--db', dbPath]);
  children.push(child);
  const url = await child.listening(120_000);
  const deadline = Date.now() + 120_000;
  while (!/backup: |backup failed/.test(child.stdout() + child.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return { url, pid: child.process.pid!, child };
}

/** A baseline server of bench/ (bare-server.ts, limit-server.ts), a child process like the real server. */
async function baseline(script: string, args: string[] = []): Promise<{ url: string; pid: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push({ kill: (signal) => void proc.kill(signal) });
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, pid: proc.pid! });
    });
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

/** The renderer's initial JavaScript, gzipped, as `npm run size` reports it (KB). */
async function rendererKb(): Promise<number> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'renderer/tools/size.ts'], { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  await new Promise((resolve) => proc.once('exit', resolve));
  const m = /initial JS: ([\d.]+) KB gzipped/.exec(out);
  if (!m) throw new Error(`npm run size printed no total:\n${out}`);
  return Number(m[1]);
}

/** The load and fault tests of `npm test` (test/load.test.ts, test/faults.test.ts), `scale` times larger; true when all pass. */
async function soak(scale: number): Promise<boolean> {
  const report = join(runDir, 'soak.json');
  const proc = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/load.test.ts', 'test/faults.test.ts', '--outputFile.json', report], {
    cwd: REPO_ROOT,
    env: cleanEnv({ SALON_TEST_SCALE: String(scale) }),
    // Its report goes to stderr with the bench's progress: stdout is the table's.
    stdio: ['ignore', 2, 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  log(`soak ×${scale}: ${numPassedTests} passed, ${numFailedTests} failed`);
  return code === 0 && numFailedTests === 0 && numPassedTests > 0;
}

const phone = (n: number) => `+1312${String(2_000_000 + (n % 5000)).padStart(7, '0')}`;
/** A new inbound call per request: a unique call_sid, callers drawn from 5,000 numbers (repeat callers, as in a salon). */
const callBody = (tag: string) => (n: number) => ({ event: 'started', call_sid: `CA-bench-${tag}-${n}`, from: phone(n), caller_name: `Bench Caller ${n % 5000}`, direction: 'inbound' });

interface Row {
  figure: string;
  measured: string;
  target: string;
  ok: boolean;
}
const rows: Row[] = [];
/** A figure against its target; given the rounds' values, the median is judged and the spread shown beside it. */
function add(figure: string, measurement: number | readonly number[], unit: string, target: number, better: 'lower' | 'higher', digits = 1): void {
  const value = typeof measurement === 'number' ? measurement : median(measurement);
  const spread = typeof measurement === 'number' ? '' : ` (${Math.min(...measurement).toFixed(digits)}–${Math.max(...measurement).toFixed(digits)})`;
  rows.push({
    figure,
    measured: `${value.toFixed(digits)}${unit}${spread}`,
    target: `${better === 'lower' ? '≤' : '≥'} ${target}${unit}`,
    ok: Number.isFinite(value) && (better === 'lower' ? value <= target : value >= target),
  });
}

function printTable(): void {
  const header = { figure: 'figure', measured: 'measured', target: 'target', ok: 'ok/MISS' };
  const lines = rows.map((r) => ({ figure: r.figure, measured: r.measured, target: r.target, ok: r.ok ? 'ok' : 'MISS' }));
  const width = (k: keyof typeof header) => Math.max(header[k].length, ...lines.map((l) => l[k].length));
  const fmt = (l: typeof header) => `| ${l.figure.padEnd(width('figure'))} | ${l.measured.padStart(width('measured'))} | ${l.target.padStart(width('target'))} | ${l.ok.padEnd(width('ok'))} |`;
  console.log(fmt(header));
  console.log(`|${'-'.repeat(width('figure') + 2)}|${'-'.repeat(width('measured') + 2)}|${'-'.repeat(width('target') + 2)}|${'-'.repeat(width('ok') + 2)}|`);
  for (const l of lines) console.log(fmt(l));
}

const started = performance.now();
log(`seed ${SEED}${QUICK ? ', quick' : ''}; run folder ${runDir}`);

const sizeKb = await rendererKb();
log(`renderer initial JS ${sizeKb} KB gzipped`);

const datasets: Dataset[] = [];
for (const weeks of [52, 260, 520]) {
  const d = await ensureDataset(weeks, SEED, log);
  log(`${weeks} weeks: ${d.path} (${d.sizeMb.toFixed(1)} MB${d.built ? `, built in ${d.buildSeconds.toFixed(0)} s` : ', cached'})`);
  datasets.push(d);
}
const [oneYear, fiveYears, tenYears] = datasets as [Dataset, Dataset, Dataset];

// ---- reads: the dashboard at 1, 5 and 10 years, in alternating batches so that noise hits each alike ----
const servers = await Promise.all([serve(oneYear), serve(fiveYears), serve(tenYears)]);
const [s1, s5, s10] = servers;
log(`servers up: ${servers.map((s) => s.url).join(' ')}`);
const dash: number[][] = [[], [], []];
for (let round = 0; round < (QUICK ? 2 : 5); round++) {
  for (const [i, s] of servers.entries()) dash[i]!.push(...(await timeGets(`${s.url}/salon/dashboard`, 40, 5)));
}
const [dash1, dash5, dash10] = dash.map(median) as [number, number, number];
log(`dashboard median: 1y ${dash1.toFixed(2)} ms, 5y ${dash5.toFixed(2)} ms, 10y ${dash10.toFixed(2)} ms`);
for (const s of [s1, s5]) s.child.kill('SIGTERM');

const weekly = await timeGets(`${s10.url}/salon/metrics/weekly?weeks_back=520`, QUICK ? 5 : 15, 2);
log(`weekly 520 on 10 years: median ${median(weekly).toFixed(1)} ms, max ${Math.max(...weekly).toFixed(1)} ms`);

// ---- webhook → WebSocket push, sequential posts on the 10-year database ----
const live = await liveClient(s10.url);
const push: number[] = [];
for (let i = 0; i < (QUICK ? 100 : 300); i++) {
  const callSid = `CA-bench-push-${i}`;
  const arrival = live.started(callSid);
  const sent = performance.now();
  const res = await timedRequest(`${s10.url}/salon/call`, { method: 'POST', body: JSON.stringify(callBody('push')(i)) });
  if (res.status !== 200) throw new Error(`push post answered ${res.status}: ${res.body}`);
  push.push((await arrival) - sent);
}
live.close();
log(`push: p50 ${percentile(push, 50).toFixed(2)} ms, p99 ${percentile(push, 99).toFixed(2)} ms, max ${Math.max(...push).toFixed(2)} ms`);

// ---- ingest against its two baselines, rounds alternating: the bare route, and the durable-append limit ----
const storedCalls = async () => (JSON.parse((await timedRequest(`${s10.url}/salon/calls?limit=1`)).body) as { total: number }).total;
const callsBefore = await storedCalls();
const bareServer = await baseline('bench/bare-server.ts');
const limitServer = await baseline('bench/limit-server.ts', [join(runDir, 'limit.db')]);
const roundSeconds = QUICK ? 3 : 5;
const ours: LoadResult[] = [];
const base: LoadResult[] = [];
const limit: LoadResult[] = [];
// Latency without the queue of 50: what one phone system posting a few events at a time sees.
const few: LoadResult[] = [];
// The servers' own CPU time per request (ms of CPU ÷ requests), to say where a ratio below target comes from.
const cpuPerRequest = { ours: [] as number[], base: [] as number[], limit: [] as number[] };
const measured = async (pid: number, run: () => Promise<LoadResult>, into: number[]) => {
  const before = cpuMs(pid);
  const result = await run();
  into.push(((cpuMs(pid) - before) * 1000) / result.requests);
  return result;
};
const load = (url: string, tag: string, connections = 50) => () => postLoad(`${url}/salon/call`, { connections, seconds: roundSeconds, body: callBody(tag) });
await postLoad(`${bareServer.url}/salon/call`, { connections: 50, seconds: 1, body: callBody('warm-bare') });
await postLoad(`${limitServer.url}/salon/call`, { connections: 50, seconds: 1, body: callBody('warm-limit') });
const warm = await postLoad(`${s10.url}/salon/call`, { connections: 50, seconds: 1, body: callBody('warm') });
for (let round = 0; round < 3; round++) {
  base.push(await measured(bareServer.pid, load(bareServer.url, `bare-${round}`), cpuPerRequest.base));
  limit.push(await measured(limitServer.pid, load(limitServer.url, `limit-${round}`), cpuPerRequest.limit));
  ours.push(await measured(s10.pid, load(s10.url, `ingest-${round}`), cpuPerRequest.ours));
  few.push(await load(s10.url, `few-${round}`, 5)());
  const [b, l, o, f] = [base, limit, ours, few].map((r) => r.at(-1)!) as [LoadResult, LoadResult, LoadResult, LoadResult];
  log(`round ${round + 1}: bare ${b.rps.toFixed(0)} req/s, limit ${l.rps.toFixed(0)} req/s, ingest ${o.rps.toFixed(0)} req/s (p99 ${o.p99Ms.toFixed(2)} ms; at 5 connections p99 ${f.p99Ms.toFixed(2)} ms)`);
}
log(`server CPU per request: bare ${median(cpuPerRequest.base).toFixed(0)} µs, limit ${median(cpuPerRequest.limit).toFixed(0)} µs, ingest ${median(cpuPerRequest.ours).toFixed(0)} µs`);
const failures = [...ours, ...few].reduce((n, r) => n + r.non2xx + r.errors, 0);
if (failures > 0) log(`WARNING: ${failures} ingest requests were not answered 2xx`);
const ingestRps = median(ours.map((r) => r.rps));
const bareRps = median(base.map((r) => r.rps));
const limitRps = median(limit.map((r) => r.rps));
// Every acknowledged request was a new call, stored as a new row: the server's own count says so.
const posted = [warm, ...ours, ...few].reduce((n, r) => n + r.requests, 0);
const added = (await storedCalls()) - callsBefore;
log(`ingest ${ingestRps.toFixed(0)} req/s vs limit ${limitRps.toFixed(0)} req/s and bare ${bareRps.toFixed(0)} req/s; ${posted} calls acknowledged, ${added} new calls stored`);
// (A run ends with requests in flight: those may be stored without being counted as acknowledged.)
if (added < posted) log(`WARNING: ${posted} calls acknowledged but only ${added} stored`);

const memory = rssMb(s10.pid);
s10.child.kill('SIGTERM');

// ---- batch ingest (a connector's backfill, an import): 100,000 call events into copies of the 10-year database ----
const batchRates = [0, 1, 2].map((round) => batchIngestRate(tenYears.path, runDir, `round-${round}`));
log(`batch ingest: ${batchRates.map((r) => r.toFixed(0)).join(', ')} call events/s`);

// Each round's ratio is taken within the round, so that the machine's load at the time hits both servers alike.
const perRound = (over: LoadResult[]) => ours.map((r, i) => r.rps / over[i]!.rps);
add('call-event ingest req/s ÷ durable-append limit (same run)', perRound(limit), '', 0.6, 'higher', 2);
add('call-event ingest req/s ÷ bare fastify (same run)', perRound(base), '', 0.5, 'higher', 2);
add('ingest p99 latency, 50 connections', ours.map((r) => r.p99Ms), ' ms', 10, 'lower', 2);
add('ingest p99 latency, 5 connections', few.map((r) => r.p99Ms), ' ms', 3, 'lower', 2);
add('webhook → WebSocket push p99', percentile(push, 99), ' ms', 15, 'lower', 2);
add('GET /salon/dashboard median, 10 years', dash10, ' ms', 15, 'lower', 2);
add('dashboard 10 years ÷ 1 year', dash10 / dash1, '', 1.5, 'lower', 2);
add('GET /salon/metrics/weekly?weeks_back=520, 10 years', median(weekly), ' ms', 150, 'lower', 1);
add('batch call-event ingest, 10 years', batchRates, ' events/s', 50_000, 'higher', 0);
add('headless server RSS after the run', memory, ' MB', 150, 'lower', 1);
add('renderer initial JS, gzipped', sizeKb, ' KB', 350, 'lower', 1);
log('a 20 MB CSV import racing webhooks, 3 rounds…');
const behindImport = await webhookWaitsBehindImport(runDir, 3, log);
add('webhook wait behind a 20 MB CSV import, p99', behindImport.p99, ' ms', 100, 'lower', 0);
add('webhook wait behind a 20 MB CSV import, worst', behindImport.worst, ' ms', 100, 'lower', 0);
add('50,000-row CSV import', await csvImportSeconds(runDir, 3, log), ' s', 3, 'lower', 1);
if (SOAK > 0) {
  log(`soak: the load and fault tests at ${SOAK}× (${1000 * SOAK} concurrent webhooks; ${2000 * SOAK} events with ${4 * SOAK} kills)…`);
  const passed = await soak(SOAK);
  rows.push({ figure: `load and fault tests, ${SOAK}× npm test's size`, measured: passed ? 'passed' : 'failed', target: 'pass', ok: passed });
}

log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s (ingest ${ingestRps.toFixed(0)} req/s, limit ${limitRps.toFixed(0)} req/s, bare ${bareRps.toFixed(0)} req/s)`);
printTable();
process.exit(rows.every((r) => r.ok) ? 0 : 1);
