/** The bench's instruments: sequential timings, autocannon load, the WebSocket push clock, process memory. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';
import WebSocket from 'ws';

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** The p-th percentile (nearest rank) of a sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One HTTP request on a kept-alive connection; answers the status, the body and the time to the last byte (ms). */
export function timedRequest(url: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      { method: init.method ?? 'GET', agent, headers: init.body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(init.body) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Times `count` sequential GETs (after `warmup` untimed ones); every answer must be 200. */
export async function timeGets(url: string, count: number, warmup = 5): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const { status, ms, body } = await timedRequest(url);
    if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body.slice(0, 200)}`);
    if (i >= warmup) times.push(ms);
  }
  return times;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p99Ms: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * `connections` clients POSTing to `url` for `seconds`, each request with its own body from
 * `body(n)` (n counts up across the run), as autocannon's setupRequest builds them.
 * Latencies are taken per response at full resolution (autocannon's own histogram keeps whole ms).
 */
export async function postLoad(url: string, options: { connections: number; seconds: number; body: (n: number) => unknown }): Promise<LoadResult> {
  let n = 0;
  const latencies: number[] = [];
  let done!: (r: autocannon.Result) => void;
  let failed!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url,
      method: 'POST',
      connections: options.connections,
      duration: options.seconds,
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(options.body(n++)) }) }],
    },
    (err, result) => (err ? failed(err) : done(result)),
  );
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await finished;
  return {
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || options.seconds),
    p99Ms: percentile(latencies, 99),
    p50Ms: percentile(latencies, 50),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A WebSocket client on `/salon` that resolves a waiter when a message of a type arrives for a subject. */
export async function liveClient(baseUrl: string) {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/salon');
  const waiters = new Map<string, (at: number) => void>();
  ws.on('message', (data) => {
    const arrived = performance.now();
    const message = JSON.parse(String(data)) as { type: string; data: { call_sid?: string } };
    if (message.type !== 'call.started' || !message.data.call_sid) return;
    const waiter = waiters.get(message.data.call_sid);
    if (waiter) {
      waiters.delete(message.data.call_sid);
      waiter(arrived);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    /** Resolves with the arrival time of `call.started` for this call. */
    started(callSid: string, timeoutMs = 5000): Promise<number> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(callSid);
          reject(new Error(`no call.started for ${callSid} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(callSid, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () => ws.close(),
  };
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, from /proc (Linux), in ms. */
export function cpuMs(pid: number): number {
  // The fields after the command's name (which may hold spaces) are counted from its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
