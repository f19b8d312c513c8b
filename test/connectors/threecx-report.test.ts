/**
 * `POST /3cx/report`, the call journal of older 3CX versions (the CRM template's ReportCall),
 * on the real headless server over a real database file: HTTP Basic auth, the Host/Origin
 * gate, and a report taken whole or not at all.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../electron/config/config.js';
import { startServer, type RunningServer } from '../../electron/server/start.js';
import type { Call } from '../../electron/contract/index.js';
import { cleanEnv } from '../support/child.js';
import { removeDir } from './support.js';

const PASSWORD = 'journal-password-0123456789';
let server: RunningServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) removeDir(dir);
  server = undefined;
  dir = undefined;
});

async function start(env: Record<string, string> = { SALON_3CX_REPORT_PASSWORD: PASSWORD }): Promise<RunningServer> {
  dir = mkdtempSync(join(tmpdir(), 'salon-3cx-report-'));
  const { config } = resolveConfig(['--db', join(dir, 'salon.db'), '--port', '0'], cleanEnv(env), dir);
  server = await startServer(config);
  return server;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const post = (s: RunningServer, body: unknown, headers: Record<string, string> = { authorization: basic('3cx', PASSWORD) }) =>
  fetch(`${s.url}/3cx/report`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const calls = async (s: RunningServer) => ((await (await fetch(`${s.url}/salon/calls`)).json()) as { items: Call[] }).items;

const answered = {
  CallType: 'Inbound', Number: '+13125550142', Name: 'Ana Ruiz', Duration: '00:01:05',
  CallStartTimeUTC: '2026-11-23 15:00:00', CallEstablishedTimeUTC: '2026-11-23 15:00:09', CallEndTimeUTC: '2026-11-23 15:01:14',
};

describe('POST /3cx/report', () => {
  it('with the right Basic auth, an answered call and a missed one are stored; a repeat is the same call', async () => {
    const s = await start();
    const res = await post(s, answered);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, call_sid: '3cx-+13125550142-1795446000' });
    expect((await post(s, answered)).status).toBe(200);
    expect((await post(s, { CallType: 'Missed', Number: '+13125550177', Name: 'Bo Lee', Duration: '00:00:00', CallStartTimeUTC: '2026-11-23T16:00:00Z', CallEndTimeUTC: '2026-11-23T16:00:14Z' })).status).toBe(200);
    const stored = await calls(s);
    expect(stored).toHaveLength(2);
    expect(stored.find((c) => c.caller_name === 'Ana Ruiz')).toMatchObject({
      direction: 'inbound', status: 'answered', duration_sec: 65, started_at: '2026-11-23T15:00:00.000Z', answered_at: '2026-11-23T15:00:09.000Z', ended_at: '2026-11-23T15:01:14.000Z',
    });
    expect(stored.find((c) => c.caller_name === 'Bo Lee')).toMatchObject({ status: 'missed', ended_at: '2026-11-23T16:00:14.000Z' });
  });

  it('a wrong password, a wrong user or no Basic auth: 401 asking for Basic, nothing stored', async () => {
    const s = await start();
    const attempts: Record<string, string>[] = [{ authorization: basic('3cx', 'not-the-password-000000') }, { authorization: basic('admin', PASSWORD) }, {}];
    for (const headers of attempts) {
      const res = await post(s, answered, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Basic');
      expect(JSON.stringify(await res.json())).not.toContain(PASSWORD);
    }
    expect(await calls(s)).toHaveLength(0);
  });

  it('a request from a page of another site (foreign Origin) is refused before the password is looked at', async () => {
    const s = await start();
    const res = await post(s, answered, { authorization: basic('3cx', PASSWORD), origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await calls(s)).toHaveLength(0);
  });

  it('a report that is not one (unknown CallType, an unreadable time): 400 saying which field, nothing stored', async () => {
    const s = await start();
    const wrongType = await post(s, { ...answered, CallType: 'Transferred' });
    expect(wrongType.status).toBe(400);
    const badTime = await post(s, { ...answered, CallEndTimeUTC: 'yesterday' });
    expect(badTime.status).toBe(400);
    expect(JSON.stringify(await badTime.json())).toContain('CallEndTimeUTC');
    expect(await calls(s)).toHaveLength(0);
  });

  it('without SALON_3CX_REPORT_PASSWORD the route is off and says how to turn it on', async () => {
    const s = await start({});
    const res = await post(s, answered);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toContain('SALON_3CX_REPORT_PASSWORD');
    expect(await calls(s)).toHaveLength(0);
  });

  it('resources/ ships the CRM template, posting the ReportCall variables with Basic auth to /3cx/report', () => {
    const xml = readFileSync(join(__dirname, '../../resources/3cx-crm-template.xml'), 'utf8');
    expect(xml).toContain('<Scenario Id="ReportCall"');
    expect(xml).toContain('<Authentication Type="Basic">');
    expect(xml).toContain('/3cx/report');
    for (const variable of ['CallType', 'Number', 'Name', 'Duration', 'CallStartTimeUTC', 'CallEstablishedTimeUTC', 'CallEndTimeUTC']) expect(xml).toContain(`[${variable}]`);
  });
});
