/**
 * The desk's status rules over HTTP: a no-show before the appointment's start is a 400 that
 * names the start and changes nothing; from the start on it is recorded; completing and
 * cancelling early are the desk's call (the page asks first), and undo stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { startTestServer, type TestServer } from './support/server.js';

const START = '2026-12-08T10:00:00-06:00'; // a Tuesday, salon time
const startMs = Date.parse(START);

describe('status rules of the desk’s changes', () => {
  let server: TestServer;
  const clock = new ManualClock(startMs - 26 * 3_600_000);
  // Each change a second after the one before, as at a real desk.
  const patch = (id: string, body: Record<string, unknown>) => {
    clock.advance(1000);
    return server.request('PATCH', `/salon/appointments/${id}`, body);
  };
  const book = (id: string, start = START) => server.request('POST', '/salon/appointment', { appointment_id: id, customer: { phone: '+13125550101', name: 'Ana Ruiz' }, service: 'Haircut', start });

  beforeAll(async () => {
    server = await startTestServer({ clock });
    expect((await book('apt-tomorrow')).status).toBe(200);
    expect((await book('apt-early')).status).toBe(200);
  });
  afterAll(() => server.stop());

  it('a no-show before the start answers 400 naming the start, and the appointment stays scheduled', async () => {
    const res = await patch('apt-tomorrow', { status: 'no_show' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('status: a no-show cannot be recorded before the appointment starts (Tue, Dec 8, 10:00 AM)');
    expect((await server.request('GET', '/salon/appointments/apt-tomorrow')).body.status).toBe('scheduled');
    // One minute before the start is still before it.
    clock.set(startMs - 61_000);
    expect((await patch('apt-tomorrow', { status: 'no_show' })).status).toBe(400);
  });

  it('moving the appointment into the past and marking it a no-show in one change is judged by the new start', async () => {
    clock.set(startMs - 61_000);
    const moved = await patch('apt-early', { status: 'no_show', start: '2026-12-08T09:00:00-06:00' });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('no_show');
    const back = await patch('apt-early', { status: 'no_show', start: '2026-12-09T09:00:00-06:00' });
    expect(back.status).toBe(400);
    expect(back.body.error).toContain('Wed, Dec 9, 9:00 AM');
  });

  it('from the start on, the no-show is recorded, and undo sets it back to scheduled', async () => {
    clock.set(startMs - 1000);
    const res = await patch('apt-tomorrow', { status: 'no_show' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('no_show');
    const undo = await patch('apt-tomorrow', { status: 'scheduled' });
    expect(undo.body.status).toBe('scheduled');
  });

  it('completing early and cancelling are accepted (the page asks first), and each can be undone', async () => {
    clock.set(startMs - 2 * 3_600_000);
    expect((await book('apt-later', '2026-12-08T15:00:00-06:00')).status).toBe(200);
    const done = await patch('apt-later', { status: 'completed' });
    expect(done.body.status).toBe('completed');
    expect((await patch('apt-later', { status: 'scheduled' })).body.status).toBe('scheduled');
    const cancelled = await patch('apt-later', { status: 'cancelled' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await patch('apt-later', { status: 'scheduled' })).body.status).toBe('scheduled');
  });
});
