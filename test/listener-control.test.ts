/**
 * The desktop app's webhook listener (electron/shell/listener-control.ts), with real sockets:
 * a new token or port applies at once by listening again, a taken port changes nothing, values
 * fixed by the environment are refused with a 409, and what applied is saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Salon } from '../electron/core/salon.js';
import { ConflictError, InputError } from '../electron/core/errors.js';
import { ListenerControl } from '../electron/shell/listener-control.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** One request on a fresh connection (no keep-alive pool: a pooled socket of the old listener would be a client-side artefact). */
function status(port: number, token?: string): Promise<number | 'refused'> {
  return new Promise((done) => {
    const req = get({ host: '127.0.0.1', port, path: '/salon/customers', agent: false, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done('refused'));
  });
}

describe('ListenerControl: the webhook listener changed without a restart', () => {
  let dir: string;
  let salon: Salon;
  const saved: unknown[] = [];
  let control: ListenerControl;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-listener-'));
    salon = new Salon(join(dir, 'salon.db'), { overrides: { timezone: 'America/Chicago' } });
    control = new ListenerControl(salon, { host: '127.0.0.1', port: await freePort(), token: undefined }, { save: (s) => saved.push(s) });
    await control.start();
  });
  afterAll(async () => {
    await control?.close();
    salon?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new token applies at once; clearing it opens the loopback listener again', async () => {
    const port = control.port()!;
    expect(await status(port)).toBe(200);
    const token = 'T'.repeat(32);
    expect(await control.update({ webhook_token: token })).toMatchObject({ editable: true, port, token_set: true, note: null });
    expect(await status(port)).toBe(401);
    expect(await status(port, token)).toBe(200);
    expect(await control.update({ webhook_token: '' })).toMatchObject({ token_set: false });
    expect(await status(port)).toBe(200);
    expect(saved).toEqual([{ webhook_token: token }, { webhook_token: null }]);
  });

  it('a new port: listens there, and the old one is let go', async () => {
    const old = control.port()!;
    const port = await freePort();
    const view = await control.update({ port });
    expect(view).toMatchObject({ port, url: `http://127.0.0.1:${port}/salon/call` });
    expect(await status(port)).toBe(200);
    expect(await status(old)).toBe('refused');
    expect(saved.at(-1)).toEqual({ port });
  });

  it('a port that is taken changes nothing: still listening where it was, nothing saved', async () => {
    const before = control.port()!;
    const blocker: Server = createServer();
    const taken = await freePort();
    await new Promise<void>((done) => blocker.listen(taken, '127.0.0.1', done));
    try {
      const count = saved.length;
      await expect(control.update({ port: taken })).rejects.toThrow(InputError);
      await expect(control.update({ port: taken })).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+ .*still listening on port/);
      expect(control.port()).toBe(before);
      expect(await status(before)).toBe(200);
      expect(saved.length).toBe(count);
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()));
    }
  });

  it('values fixed by the environment are refused with a 409, and a reachable host needs a token', async () => {
    const fixed = new ListenerControl(salon, { host: '127.0.0.1', port: 0, token: 'E'.repeat(20) }, { fixed: { port: 'the environment', token: 'the environment' } });
    expect(fixed.view()).toMatchObject({ fixed: ['port', 'webhook_token'], note: 'not listening' });
    await expect(fixed.update({ port: 5999 })).rejects.toThrow(ConflictError);
    await expect(fixed.update({ webhook_token: '' })).rejects.toThrow(/SALON_WEBHOOK_TOKEN/);
    const open = new ListenerControl(salon, { host: '0.0.0.0', port: 0, token: 'O'.repeat(20) });
    await expect(open.update({ webhook_token: '' })).rejects.toThrow(/needs a token/);
  });
});
