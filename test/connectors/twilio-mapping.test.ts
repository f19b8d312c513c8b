import { describe, expect, it } from 'vitest';
import { eventsOf, rfc2822ToIso, twilioCallEvents } from '../../electron/connectors/twilio/mapping.js';
import { twilioCall } from './twilio-stand-in.js';

const T0 = Date.parse('2026-11-23T15:00:00Z');
const call = (status: string, durationSec = 0, extra: Partial<Parameters<typeof twilioCall>[0]> = {}) => twilioCall({ sid: 'CA1', startMs: T0, status, durationSec, ...extra });
const leg = (sid: string, status: string, durationSec = 0) => twilioCall({ sid, parent: 'CA1', startMs: T0 + 2000, status, durationSec });
const ended = (events: ReturnType<typeof twilioCallEvents>) => events.find((e) => e.event === 'ended');

describe('Twilio call records as call events', () => {
  it('reads RFC 2822 times', () => {
    expect(rfc2822ToIso('Tue, 10 Aug 2010 08:02:31 +0000')).toBe('2010-08-10T08:02:31.000Z');
    expect(rfc2822ToIso(null)).toBeNull();
  });

  it('a forwarded leg that was answered makes its parent answered', () => {
    const events = twilioCallEvents(call('completed', 120), [leg('CA2', 'no-answer'), leg('CA3', 'completed', 90)]);
    expect(events.map((e) => e.event)).toEqual(['started', 'answered', 'ended']);
    expect(events[1]).toMatchObject({ call_sid: 'CA1', timestamp: new Date(T0 + 2000).toISOString() });
    expect(ended(events)).toMatchObject({ call_sid: 'CA1', status: 'completed', duration_sec: 120 });
  });

  it('a parent whose forwarded legs nobody answered is missed, though Twilio completed it', () => {
    const events = twilioCallEvents(call('completed', 30), [leg('CA2', 'no-answer'), leg('CA3', 'completed', 0)]);
    expect(events.map((e) => e.event)).toEqual(['started', 'ended']);
    expect(ended(events)).toMatchObject({ status: 'no-answer', duration_sec: 30 });
  });

  it('a parent with no legs is answered when completed with a duration (the phone agent took it), missed at 0 s', () => {
    expect(ended(twilioCallEvents(call('completed', 45), []))).toMatchObject({ status: 'completed', duration_sec: 45 });
    expect(ended(twilioCallEvents(call('completed', 0), []))).toMatchObject({ status: 'completed', duration_sec: 0 });
  });

  it.each(['no-answer', 'busy', 'canceled', 'failed'])('%s is missed', (status) => {
    expect(ended(twilioCallEvents(call(status), []))).toMatchObject({ event: 'ended', status });
  });

  it.each(['queued', 'ringing', 'in-progress'])('%s is live: started, not ended', (status) => {
    const events = twilioCallEvents(call(status), []);
    expect(events.map((e) => e.event)).toEqual(['started']);
  });

  it('a live call whose forwarded leg is in progress is answered and still live', () => {
    expect(twilioCallEvents(call('in-progress'), [leg('CA2', 'in-progress')]).map((e) => e.event)).toEqual(['started', 'answered']);
  });

  it('outbound-api and outbound-dial with no parent are outbound; inbound stays inbound', () => {
    expect(twilioCallEvents(call('completed', 10, { direction: 'outbound-api' }), [])[0]!.direction).toBe('outbound');
    expect(twilioCallEvents(call('completed', 10, { direction: 'outbound-dial' }), [])[0]!.direction).toBe('outbound');
    expect(twilioCallEvents(call('completed', 10), [])[0]!.direction).toBe('inbound');
  });

  it('caller_name (CNAM) is passed as the caller name', () => {
    expect(twilioCallEvents(call('ringing', 0, { callerName: 'ANA RUIZ' }), [])[0]).toMatchObject({ caller_name: 'ANA RUIZ', from: '+13125550111' });
  });

  it('groups legs under their parents, oldest call first, and no leg is a call of its own', () => {
    const records = [leg('CA3', 'completed', 5), call('completed', 60), twilioCall({ sid: 'CA0', startMs: T0 - 60_000, status: 'busy' })];
    const events = eventsOf(records);
    expect([...new Set(events.map((e) => e.call_sid))]).toEqual(['CA0', 'CA1']);
  });
});
