/**
 * Weeks across a daylight-saving change (SPEC §2: a week runs Monday 00:00 local to the next
 * Monday 00:00 local, 167 or 169 hours around a change) and business hours judged in local time
 * on both sides of it, in America/Chicago and Europe/London.
 *
 * Each salon keeps Mon–Sat 09:00–18:00 and, to judge the changed hour itself, opens on Sunday
 * 01:00–03:00 (the hour that is skipped in spring and repeated in autumn falls inside it).
 * Every call below carries, written by hand, the week it must count in and whether it is
 * after hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import type { BusinessHours } from '../electron/core/settings.js';
import type { Call, Dashboard, WeeklyMetrics } from '../electron/contract/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const HOURS: BusinessHours = [
  ...Array.from({ length: 6 }, () => ({ open: '09:00', close: '18:00' })),
  { open: '01:00', close: '03:00' },
];

const H = 3_600_000;

/** [call_sid, timestamp, week it counts in, after hours?] */
type CallCase = readonly [string, string, string, boolean];
/** [appointment_id, booked at, week booked, start, week it starts in] */
type AppointmentCase = readonly [string, string, string, string, string];

interface Scenario {
  title: string;
  timezone: string;
  /** The DST week: its Monday, its Sunday, its first instant, its length. */
  week: { start: string; end: string; startUtc: string; hours: number };
  weeks: [string, string, string];
  calls: CallCase[];
  appointments: AppointmentCase[];
  /** A local day, and the calls the list route gives for it. */
  day: { date: string; calls: string[] };
}

const SCENARIOS: Scenario[] = [
  {
    title: 'America/Chicago, spring forward on Sunday 2026-03-08 (02:00 CST → 03:00 CDT): a week of 167 h',
    timezone: 'America/Chicago',
    week: { start: '2026-03-02', end: '2026-03-08', startUtc: '2026-03-02T06:00:00Z', hours: 167 },
    weeks: ['2026-02-23', '2026-03-02', '2026-03-09'],
    calls: [
      ['cs-sun-2330-before', '2026-03-01T23:30:00-06:00', '2026-02-23', true], // Sunday 23:30 CST: the week before
      ['cs-mon-0000', '2026-03-02T00:00:00-06:00', '2026-03-02', true], // Monday 00:00 CST: first instant of the week
      ['cs-fri-0859', '2026-03-06T08:59:00-06:00', '2026-03-02', true], // Friday, a minute before opening (CST)
      ['cs-fri-0900', '2026-03-06T09:00:00-06:00', '2026-03-02', false], // Friday opening (CST)
      ['cs-sun-0130', '2026-03-08T01:30:00-06:00', '2026-03-02', false], // Sunday 01:30 CST, inside the Sunday hours
      ['cs-sun-0159', '2026-03-08T01:59:00-06:00', '2026-03-02', false], // the last minute before the gap
      ['cs-sun-0300', '2026-03-08T03:00:00-05:00', '2026-03-02', true], // one minute later it is 03:00 CDT: closed
      ['cs-sun-2330', '2026-03-08T23:30:00-05:00', '2026-03-02', true], // Sunday 23:30 CDT: still the DST week
      ['cs-last-ms', '2026-03-09T04:59:59.999Z', '2026-03-02', true], // start + 167 h − 1 ms: Sunday 23:59:59.999 CDT
      ['cs-mon-0000-next', '2026-03-09T00:00:00-05:00', '2026-03-09', true], // Monday 00:00 CDT = start + 167 h: next week
      ['cs-mon-0030-next', '2026-03-09T00:30:00-05:00', '2026-03-09', true], // in a 168-h week this would still be the DST week
      ['cs-mon-0859', '2026-03-09T08:59:00-05:00', '2026-03-09', true], // 13:59 UTC: before opening in CDT
      ['cs-mon-0900', '2026-03-09T09:00:00-05:00', '2026-03-09', false], // 14:00 UTC: opening in CDT (08:00 if read as CST)
      ['cs-mon-1759', '2026-03-09T17:59:00-05:00', '2026-03-09', false], // the last minute open (CDT)
      ['cs-mon-1800', '2026-03-09T18:00:00-05:00', '2026-03-09', true], // closing (CDT)
    ],
    appointments: [
      ['as-edge-1', '2026-03-01T23:59:59-06:00', '2026-02-23', '2026-03-08T23:30:00-05:00', '2026-03-02'],
      ['as-edge-2', '2026-03-02T00:00:00-06:00', '2026-03-02', '2026-03-09T00:00:00-05:00', '2026-03-09'],
      ['as-edge-3', '2026-03-08T03:00:00-05:00', '2026-03-02', '2026-03-02T00:00:00-06:00', '2026-03-02'],
    ],
    // Sunday 2026-03-08 is 23 hours long: from 00:00 CST to Monday 00:00 CDT.
    day: { date: '2026-03-08', calls: ['cs-sun-0130', 'cs-sun-0159', 'cs-sun-0300', 'cs-sun-2330', 'cs-last-ms'] },
  },
  {
    title: 'America/Chicago, fall back on Sunday 2026-11-01 (02:00 CDT → 01:00 CST): a week of 169 h',
    timezone: 'America/Chicago',
    week: { start: '2026-10-26', end: '2026-11-01', startUtc: '2026-10-26T05:00:00Z', hours: 169 },
    weeks: ['2026-10-19', '2026-10-26', '2026-11-02'],
    calls: [
      ['cf-sun-2330-before', '2026-10-25T23:30:00-05:00', '2026-10-19', true], // Sunday 23:30 CDT: the week before
      ['cf-mon-0000', '2026-10-26T00:00:00-05:00', '2026-10-26', true], // Monday 00:00 CDT
      ['cf-fri-0859', '2026-10-30T08:59:00-05:00', '2026-10-26', true],
      ['cf-fri-0900', '2026-10-30T09:00:00-05:00', '2026-10-26', false],
      ['cf-sun-0059', '2026-11-01T00:59:00-05:00', '2026-10-26', true], // Sunday, before the Sunday hours
      ['cf-sun-0130-cdt', '2026-11-01T01:30:00-05:00', '2026-10-26', false], // the first 01:30 (CDT)
      ['cf-sun-0130-cst', '2026-11-01T01:30:00-06:00', '2026-10-26', false], // the second 01:30 (CST), an hour later
      ['cf-sun-0230-cst', '2026-11-01T02:30:00-06:00', '2026-10-26', false], // 02:30 CST: still open (until 03:00)
      ['cf-sun-0300-cst', '2026-11-01T03:00:00-06:00', '2026-10-26', true], // 03:00 CST: closed
      ['cf-sun-2330', '2026-11-01T23:30:00-06:00', '2026-10-26', true], // Sunday 23:30 CST: in a 168-h week this would be next week
      ['cf-last-ms', '2026-11-02T05:59:59.999Z', '2026-10-26', true], // start + 169 h − 1 ms
      ['cf-mon-0000-next', '2026-11-02T00:00:00-06:00', '2026-11-02', true], // Monday 00:00 CST = start + 169 h
      ['cf-mon-0859', '2026-11-02T08:59:00-06:00', '2026-11-02', true], // 14:59 UTC
      ['cf-mon-0900', '2026-11-02T09:00:00-06:00', '2026-11-02', false], // 15:00 UTC (10:00 if read as CDT)
      ['cf-mon-1759', '2026-11-02T17:59:00-06:00', '2026-11-02', false],
      ['cf-mon-1800', '2026-11-02T18:00:00-06:00', '2026-11-02', true], // Tuesday 00:00 UTC, Monday 18:00 local: closed
    ],
    appointments: [
      ['af-edge-1', '2026-10-25T23:59:59-05:00', '2026-10-19', '2026-11-01T23:30:00-06:00', '2026-10-26'],
      ['af-edge-2', '2026-10-26T00:00:00-05:00', '2026-10-26', '2026-11-02T00:00:00-06:00', '2026-11-02'],
      ['af-edge-3', '2026-11-01T01:30:00-06:00', '2026-10-26', '2026-11-01T01:30:00-05:00', '2026-10-26'],
    ],
    // Sunday 2026-11-01 is 25 hours long: from 00:00 CDT to Monday 00:00 CST.
    day: {
      date: '2026-11-01',
      calls: ['cf-sun-0059', 'cf-sun-0130-cdt', 'cf-sun-0130-cst', 'cf-sun-0230-cst', 'cf-sun-0300-cst', 'cf-sun-2330', 'cf-last-ms'],
    },
  },
  {
    title: 'Europe/London, spring forward on Sunday 2026-03-29 (01:00 GMT → 02:00 BST): a week of 167 h',
    timezone: 'Europe/London',
    week: { start: '2026-03-23', end: '2026-03-29', startUtc: '2026-03-23T00:00:00Z', hours: 167 },
    weeks: ['2026-03-16', '2026-03-23', '2026-03-30'],
    calls: [
      ['ls-sun-2330-before', '2026-03-22T23:30:00+00:00', '2026-03-16', true], // Sunday 23:30 GMT: the week before
      ['ls-mon-0000', '2026-03-23T00:00:00+00:00', '2026-03-23', true], // Monday 00:00 GMT
      ['ls-fri-0859', '2026-03-27T08:59:00+00:00', '2026-03-23', true],
      ['ls-fri-0900', '2026-03-27T09:00:00+00:00', '2026-03-23', false],
      ['ls-sun-0059', '2026-03-29T00:59:00+00:00', '2026-03-23', true], // Sunday 00:59 GMT: before the Sunday hours
      ['ls-sun-0200', '2026-03-29T02:00:00+01:00', '2026-03-23', false], // a minute later it is 02:00 BST: open
      ['ls-sun-0300', '2026-03-29T03:00:00+01:00', '2026-03-23', true], // 03:00 BST: closed
      ['ls-sun-2330', '2026-03-29T23:30:00+01:00', '2026-03-23', true], // Sunday 23:30 BST (22:30 UTC)
      ['ls-last-ms', '2026-03-29T22:59:59.999Z', '2026-03-23', true], // start + 167 h − 1 ms
      ['ls-mon-0000-next', '2026-03-30T00:00:00+01:00', '2026-03-30', true], // Monday 00:00 BST, still Sunday in UTC
      ['ls-mon-0859', '2026-03-30T08:59:00+01:00', '2026-03-30', true],
      ['ls-mon-0900', '2026-03-30T09:00:00+01:00', '2026-03-30', false], // 08:00 UTC
      ['ls-mon-1759', '2026-03-30T17:59:00+01:00', '2026-03-30', false],
      ['ls-mon-1800', '2026-03-30T18:00:00+01:00', '2026-03-30', true], // 17:00 UTC: closed in BST
    ],
    appointments: [
      ['al-edge-1', '2026-03-22T23:59:59+00:00', '2026-03-16', '2026-03-29T23:30:00+01:00', '2026-03-23'],
      ['al-edge-2', '2026-03-23T00:00:00+00:00', '2026-03-23', '2026-03-30T00:00:00+01:00', '2026-03-30'],
    ],
    // Sunday 2026-03-29 is 23 hours long: from 00:00 GMT to Monday 00:00 BST.
    day: { date: '2026-03-29', calls: ['ls-sun-0059', 'ls-sun-0200', 'ls-sun-0300', 'ls-sun-2330', 'ls-last-ms'] },
  },
  {
    title: 'Europe/London, fall back on Sunday 2026-10-25 (02:00 BST → 01:00 GMT): a week of 169 h',
    timezone: 'Europe/London',
    week: { start: '2026-10-19', end: '2026-10-25', startUtc: '2026-10-18T23:00:00Z', hours: 169 },
    weeks: ['2026-10-12', '2026-10-19', '2026-10-26'],
    calls: [
      ['lf-sun-2330-before', '2026-10-18T23:30:00+01:00', '2026-10-12', true], // Sunday 23:30 BST (22:30 UTC): the week before
      ['lf-mon-0000', '2026-10-19T00:00:00+01:00', '2026-10-19', true], // Monday 00:00 BST, still Sunday in UTC
      ['lf-fri-0859', '2026-10-23T08:59:00+01:00', '2026-10-19', true],
      ['lf-fri-0900', '2026-10-23T09:00:00+01:00', '2026-10-19', false], // 08:00 UTC
      ['lf-sun-0059', '2026-10-25T00:59:00+01:00', '2026-10-19', true], // Sunday 00:59 BST, Saturday 23:59 UTC
      ['lf-sun-0130-bst', '2026-10-25T01:30:00+01:00', '2026-10-19', false], // the first 01:30 (BST)
      ['lf-sun-0130-gmt', '2026-10-25T01:30:00+00:00', '2026-10-19', false], // the second 01:30 (GMT)
      ['lf-sun-0300', '2026-10-25T03:00:00+00:00', '2026-10-19', true],
      ['lf-sun-2330', '2026-10-25T23:30:00+00:00', '2026-10-19', true], // Sunday 23:30 GMT
      ['lf-last-ms', '2026-10-25T23:59:59.999Z', '2026-10-19', true], // start + 169 h − 1 ms
      ['lf-mon-0000-next', '2026-10-26T00:00:00+00:00', '2026-10-26', true], // Monday 00:00 GMT = start + 169 h
      ['lf-mon-0859', '2026-10-26T08:59:00+00:00', '2026-10-26', true],
      ['lf-mon-0900', '2026-10-26T09:00:00+00:00', '2026-10-26', false], // (10:00 if read as BST)
      ['lf-mon-1800', '2026-10-26T18:00:00+00:00', '2026-10-26', true],
    ],
    appointments: [
      ['alf-edge-1', '2026-10-18T23:59:59+01:00', '2026-10-12', '2026-10-25T23:30:00+00:00', '2026-10-19'],
      ['alf-edge-2', '2026-10-19T00:00:00+01:00', '2026-10-19', '2026-10-26T00:00:00+00:00', '2026-10-26'],
    ],
    // Sunday 2026-10-25 is 25 hours long: from 00:00 BST to Monday 00:00 GMT.
    day: {
      date: '2026-10-25',
      calls: ['lf-sun-0059', 'lf-sun-0130-bst', 'lf-sun-0130-gmt', 'lf-sun-0300', 'lf-sun-2330', 'lf-last-ms'],
    },
  },
];

for (const scenario of SCENARIOS) {
  describe(scenario.title, () => {
    let server: TestServer;

    beforeAll(async () => {
      // A month after the change: every week of interest is complete.
      const clock = new ManualClock(Date.parse(scenario.week.startUtc) + 30 * 24 * H);
      server = await startTestServer({ clock, settings: { timezone: scenario.timezone, business_hours: HOURS } });
      for (const [sid, timestamp] of scenario.calls) {
        const res = await server.request('POST', '/salon/call', { event: 'started', call_sid: sid, from: '+13125550150', timestamp });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      for (const [id, bookedAt, , start] of scenario.appointments) {
        const res = await server.request('POST', '/salon/appointment', {
          appointment_id: id,
          customer: { phone: '+13125550151' },
          service: 'Haircut',
          start,
          timestamp: bookedAt,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    });
    afterAll(() => server.stop());

    it(`names the week ${scenario.week.start}…${scenario.week.end} from any of its days, and it lasts ${scenario.week.hours} h`, async () => {
      const startMs = Date.parse(scenario.week.startUtc);
      // The hand-written edges agree with the claimed length: the last instant of the week is start + hours − 1 ms.
      const lastMs = scenario.calls.find(([sid]) => sid.endsWith('-last-ms'))![1];
      expect(Date.parse(lastMs) + 1 - startMs).toBe(scenario.week.hours * H);
      for (const date of [scenario.week.start, scenario.week.end]) {
        const { body } = await server.request<Dashboard>('GET', `/salon/dashboard?week=${date}`);
        expect(body.week, date).toEqual({ start: scenario.week.start, end: scenario.week.end, complete: true });
        expect(body.timezone).toBe(scenario.timezone);
      }
    });

    it('counts each call, at the edges and in the changed hour, in the week in which it started', async () => {
      const { body } = await server.request<WeeklyMetrics>('GET', `/salon/metrics/weekly?weeks_back=3&until=${scenario.weeks[2]}`);
      expect(body.weeks.map((w) => w.week_start)).toEqual(scenario.weeks);
      for (const week of body.weeks) {
        const expected = scenario.calls.filter(([, , w]) => w === week.week_start);
        expect(week.calls_total, `calls of ${week.week_start}: ${expected.map(([sid]) => sid).join(', ')}`).toBe(expected.length);
      }
    });

    it('counts each appointment in the week in which it was booked and in the week in which it starts', async () => {
      const { body } = await server.request<WeeklyMetrics>('GET', `/salon/metrics/weekly?weeks_back=3&until=${scenario.weeks[2]}`);
      for (const week of body.weeks) {
        const booked = scenario.appointments.filter(([, , w]) => w === week.week_start).length;
        const starting = scenario.appointments.filter(([, , , , w]) => w === week.week_start).length;
        expect(week.appointments_booked, `booked in ${week.week_start}`).toBe(booked);
        expect(week.appointments_scheduled, `starting in ${week.week_start}`).toBe(starting);
      }
    });

    it('judges after hours by the local time on both sides of the change', async () => {
      const { body } = await server.request<{ items: Call[] }>('GET', '/salon/calls?limit=1000');
      const marks = Object.fromEntries(body.items.map((c) => [c.call_sid, c.after_hours]));
      expect(marks).toEqual(Object.fromEntries(scenario.calls.map(([sid, , , afterHours]) => [sid, afterHours])));
      const weekly = await server.request<WeeklyMetrics>('GET', `/salon/metrics/weekly?weeks_back=3&until=${scenario.weeks[2]}`);
      for (const week of weekly.body.weeks) {
        const expected = scenario.calls.filter(([, , w, afterHours]) => w === week.week_start && afterHours).length;
        expect(week.calls_after_hours, `after hours in ${week.week_start}`).toBe(expected);
      }
    });

    it(`lists the calls of the local day ${scenario.day.date}, the day of the change, whatever its length`, async () => {
      const { body } = await server.request<{ items: Call[] }>('GET', `/salon/calls?from=${scenario.day.date}&to=${scenario.day.date}&limit=1000`);
      expect(body.items.map((c) => c.call_sid).sort()).toEqual([...scenario.day.calls].sort());
    });
  });
}
