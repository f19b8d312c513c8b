import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

describe('the headless API answers its basic routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('GET /health reports status, version, database and uptime', async () => {
    const { status, body } = await server.request('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', db: 'ok', version: expect.any(String) });
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
  });

  it('records a call and answers it as stored, and a repeat as a duplicate', async () => {
    const event = { event: 'started', call_sid: 'CA-basic', from: '(312) 555-0101', caller_name: 'Ana Ruiz', timestamp: '2026-11-23T14:05:00-05:00' };
    const first = await server.request('POST', '/salon/call', event);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, duplicate: false, call: { call_sid: 'CA-basic', from: '+13125550101', status: 'live', started_at: '2026-11-23T19:05:00.000Z' } });
    const again = await server.request('POST', '/salon/call', event);
    expect(again.body).toMatchObject({ ok: true, duplicate: true });
    const list = await server.request('GET', '/salon/calls');
    expect(list.body.total).toBe(1);
  });

  it('takes a JSON body as it is: a number for a text field or true for a number is a 400, and nothing is stored', async () => {
    for (const [body, field] of [
      [{ event: 'started', call_sid: 123 }, 'call_sid'],
      [{ event: 'ended', call_sid: 'CA-coerce', duration_sec: true }, 'duration_sec'],
      [{ event: 'ended', call_sid: 'CA-coerce', duration_sec: '184' }, 'duration_sec'],
    ] as const) {
      const res = await server.request('POST', '/salon/call', body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const list = await server.request('GET', '/salon/calls?limit=1000');
    expect(list.body.items.map((c: { call_sid: string }) => c.call_sid)).not.toContain('CA-coerce');
  });
});
