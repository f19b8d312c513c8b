/**
 * Before new hours are saved, the desk is told how many past calls they re-count as
 * after-hours (or no longer): `POST /salon/settings/preview` answers it and saves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

const OPEN = { open: '09:00', close: '18:00' };
/** Monday to Saturday 9 to 6 (the defaults), Monday's close moved. */
const mondayCloses = (close: string) => [{ open: '09:00', close }, OPEN, OPEN, OPEN, OPEN, OPEN, null];

describe('the after-hours re-count preview', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    // Monday 23 Nov 2026 in Chicago (UTC−6): 5:30 PM is within the hours, 6:30 PM after them.
    for (const [sid, at] of [['CA-before-close', '2026-11-23T23:30:00Z'], ['CA-after-close', '2026-11-24T00:30:00Z']]) {
      expect((await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, from: '+13125550101', timestamp: at })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  const afterHoursOf = async () =>
    Object.fromEntries(((await server.request('GET', '/salon/calls')).body.items as { call_sid: string; after_hours: boolean }[]).map((c) => [c.call_sid, c.after_hours]));

  it('counts the calls that change sides, both ways, and saves nothing', async () => {
    expect(await afterHoursOf()).toEqual({ 'CA-before-close': false, 'CA-after-close': true });
    const earlier = await server.request('POST', '/salon/settings/preview', { business_hours: mondayCloses('17:00') });
    expect(earlier).toEqual({ status: 200, body: { became_after_hours: 1, became_in_hours: 0 } });
    const later = await server.request('POST', '/salon/settings/preview', { business_hours: mondayCloses('19:00') });
    expect(later.body).toEqual({ became_after_hours: 0, became_in_hours: 1 });
    expect((await server.request('POST', '/salon/settings/preview', { business_hours: mondayCloses('18:00') })).body).toEqual({ became_after_hours: 0, became_in_hours: 0 });

    expect((await server.request('GET', '/salon/settings')).body.business_hours[0]).toEqual(OPEN);
    expect(await afterHoursOf()).toEqual({ 'CA-before-close': false, 'CA-after-close': true });
  });

  it('answers bad hours with a 400 naming them, and a foreign page with a 403', async () => {
    const bad = await server.request('POST', '/salon/settings/preview', { business_hours: mondayCloses('08:00') });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/business_hours|Monday/);
    const foreign = await server.request('POST', '/salon/settings/preview', { business_hours: mondayCloses('17:00') }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });
});
