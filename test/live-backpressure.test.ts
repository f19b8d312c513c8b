/**
 * Live-feed backpressure (issue 13): 1,000 dashboards that stop reading, under 20 s of calls,
 * against `npm run serve` in a child process (its RSS is the figure). The server's memory stays
 * within 200 MB of where it started, readers too far behind are closed, and a reader that keeps
 * up, the webhooks and /health carry on.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, runServeScript, type Child } from './support/child.js';
import { connectLive, startTestServer } from './support/server.js';

const STALLED = 1000;
const EVENTS_FOR_MS = 20_000;
const MEMORY_BOUND_MB = 200;

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** A WebSocket upgrade on a raw TCP socket that never reads a byte of what comes back. */
function stalledReader(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.pause();
      socket.write(
        'GET /salon HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        (err) => (err ? reject(err) : resolve(socket)),
      );
    });
    socket.once('error', reject);
  });
}

describe.skipIf(process.platform !== 'linux')('WS /salon under 1,000 stalled readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'salon-backpressure-'));
  let child: Child | undefined;
  const stalled: Socket[] = [];
  afterAll(() => {
    for (const s of stalled) s.destroy();
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('memory stays within 200 MB of the start, far-behind readers are closed, and the server stays healthy', async () => {
    const port = await freePort();
    child = runServeScript(['--db', join(dir, 'salon.db'), '--port', String(port)], cleanEnv({ SALON_TIMEZONE: 'America/Chicago' }));
    const url = await child.listening();
    const pid = child.process.pid!;
    const post = (body: unknown) =>
      fetch(`${url}/salon/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);

    const healthy = await connectLive(url);
    for (let i = 0; i < 20; i++) expect(await post({ event: 'started', call_sid: `CA-warm-${i}`, from: '+13125550100' })).toBe(200);
    const startMb = rssMb(pid);

    for (let i = 0; i < STALLED; i += 100) stalled.push(...(await Promise.all(Array.from({ length: 100 }, () => stalledReader(port)))));

    let maxMb = startMb;
    const sampler = setInterval(() => (maxMb = Math.max(maxMb, rssMb(pid))), 100);
    const name = 'Ana Maria de la Cruz Ruiz '.repeat(7).slice(0, 180);
    let sent = 0;
    const until = Date.now() + EVENTS_FOR_MS;
    try {
      // Thirty-two senders at once (their events share group commits); stop early once the bound is broken (the old server reached 1.6 GB).
      await Promise.all(
        Array.from({ length: 32 }, async (_, lane) => {
          while (Date.now() < until && maxMb - startMb <= MEMORY_BOUND_MB) {
            const sid = `CA-bp-${lane}-${sent++}`;
            const from = `+1312555${String(1000 + (sent % 9000)).padStart(4, '0')}`;
            expect(await post({ event: 'started', call_sid: sid, from, caller_name: name })).toBe(200);
            expect(await post({ event: 'ended', call_sid: sid, status: 'no-answer', duration_sec: 0 })).toBe(200);
          }
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    maxMb = Math.max(maxMb, rssMb(pid));
    const perReader = healthy.messages.reduce((n, m) => n + JSON.stringify(m).length, 0) / 1048576;
    console.error(`live backpressure: ${perReader.toFixed(1)} MiB sent to a reader that keeps up; ${sent} calls (${2 * sent} events) in ${EVENTS_FOR_MS / 1000} s to ${STALLED} stalled readers; server RSS ${startMb.toFixed(0)} MB at start, at most ${maxMb.toFixed(0)} MB (+${(maxMb - startMb).toFixed(0)} MB)`);
    expect(maxMb - startMb).toBeLessThan(MEMORY_BOUND_MB);

    // How many fell more than 1 MiB behind (queued by the server, beyond what the kernel holds) and were
    // closed: reading again, they find the end of the stream. Reported, not asserted: it depends on the
    // kernel's socket buffers and the machine's speed; coalesced figures keep most readers under the bound.
    const ended = await Promise.all(
      stalled.map(
        (s) =>
          new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), 3000);
            s.once('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
            s.on('data', () => {});
            s.resume();
          }),
      ),
    );
    console.error(`live backpressure: ${ended.filter(Boolean).length} of ${STALLED} stalled readers were closed (more than 1 MiB or 256 messages behind)`);

    // Healthy after: the reader that kept up got every call, /health answers, a new dashboard connects.
    const last = `CA-bp-after`;
    expect(await post({ event: 'started', call_sid: last, from: '+13125550199' })).toBe(200);
    const seen = (sid: string) => healthy.messages.some((m) => m.type === 'call.started' && (m.data as { call_sid: string }).call_sid === sid);
    for (const deadline = Date.now() + 5000; !seen(last) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    const started = new Set(healthy.messages.filter((m) => m.type === 'call.started').map((m) => (m.data as { call_sid: string }).call_sid));
    expect(started.size).toBe(20 + sent + 1);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const fresh = await connectLive(url);
    const freshCall = fresh.next('call.started', 5000);
    expect(await post({ event: 'started', call_sid: 'CA-bp-fresh', from: '+13125550198' })).toBe(200);
    await freshCall;
    fresh.close();
    healthy.close();
  }, 120_000);
});

describe('WS /salon: one reader that stops reading', () => {
  it('is closed with 1013 once more than 1 MiB is queued to it (beyond what the kernel holds), while a reader that keeps up gets everything', async () => {
    const server = await startTestServer();
    try {
      const port = Number(new URL(server.url).port);
      const healthy = await connectLive(server.url);
      const stalled = await stalledReader(port);
      for (const deadline = Date.now() + 5000; server.salon.changes.size < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(server.salon.changes.size).toBe(2);

      // 16 MiB in 256 KiB messages: more than the kernel's socket buffers hold for a reader that never reads.
      const big = 'x'.repeat(256 * 1024);
      const COUNT = 64;
      for (let i = 0; i < COUNT; i++) {
        server.salon.changes.publish('call.started', { call_sid: `CA-big-${i}`, caller_name: big } as never);
        await new Promise((r) => setImmediate(r));
      }
      for (const deadline = Date.now() + 10_000; server.salon.changes.size > 1 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(server.salon.changes.size).toBe(1);

      // Reading again, the stalled reader finds a close frame with code 1013 (0x03F5) before the end of the stream.
      const received: Buffer[] = [];
      stalled.on('data', (chunk: Buffer) => received.push(chunk));
      await new Promise<void>((resolve) => {
        stalled.once('close', () => resolve());
        stalled.resume();
      });
      const stream = Buffer.concat(received);
      const closeFrame = stream.lastIndexOf(0x88);
      expect(closeFrame).toBeGreaterThan(0);
      expect(stream.readUInt16BE(closeFrame + 2)).toBe(1013);

      for (const deadline = Date.now() + 10_000; healthy.messages.length < COUNT && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(healthy.messages.filter((m) => m.type === 'call.started')).toHaveLength(COUNT);
      healthy.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
