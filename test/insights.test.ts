import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../electron/contract/index.js';
import { insightContext, RULES, runRules, weekInsights } from '../electron/core/insights/engine.js';
import type { InsightRule } from '../electron/core/insights/types.js';
import { hh } from '../electron/core/insights/stats.js';
import { appointment, call, dayOf, fillWeek, local, newPhone, openHistory, priorMondays, type History, type WeekSpec } from './support/history.js';
import { startTestServer } from './support/server.js';
import { ManualClock } from '../electron/core/clock.js';

// The week under study: Monday 2026-11-16 … Sunday 2026-11-22, Chicago; "now" is the Wednesday after.
const WEEK = '2026-11-16';
const NOW = '2026-11-25T18:00:00Z';

let history: History | undefined;
afterEach(() => {
  history?.close();
  history = undefined;
});

function rule(name: string): InsightRule {
  const found = RULES.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
}

/** A history of four prior weeks like `prior` and the week under study like `current`; answers what the rule says of it. */
function run(name: string, prior: WeekSpec, current: WeekSpec, extra?: (h: History) => void) {
  history = openHistory(NOW);
  const { salon } = history;
  for (const monday of priorMondays(WEEK)) fillWeek(salon, monday, prior);
  fillWeek(salon, WEEK, current);
  extra?.(history);
  const ctx = insightContext(salon.insightSource(), salon.week(WEEK));
  return rule(name).run(ctx);
}

const only = (findings: Finding[]) => {
  expect(findings).toHaveLength(1);
  return findings[0]!;
};

describe('growth rules: against last week and the 4-week average, with a note when the change is noise', () => {
  it('revenue-growth fires on revenue that tripled: positive, with the figures behind it', () => {
    const out = run('revenue-growth', { completed: 10 }, { completed: 30 });
    const f = only(out.findings);
    expect(f.severity).toBe('positive');
    expect(f.note).toBeUndefined();
    expect(f.figures).toMatchObject({ this_week: 30 * 4500, last_week: 10 * 4500, avg_4_weeks: 10 * 4500, growth_vs_last_week: 2, growth_vs_4_week_avg: 2 });
  });

  it('revenue-growth fires on a real fall, and recommends filling the chairs', () => {
    const out = run('revenue-growth', { completed: 30 }, { completed: 10 });
    expect(only(out.findings)).toMatchObject({ severity: 'warning', figures: { growth_vs_last_week: -2 / 3 } });
    expect(out.recommendations).toHaveLength(1);
    expect(out.recommendations[0]!.text).toMatch(/Revenue fell 67%/);
  });

  it('revenue-growth does not fire on 11 visits against 10: too small to mean anything', () => {
    const out = run('revenue-growth', { completed: 10 }, { completed: 11 });
    const f = only(out.findings);
    expect(f.severity).toBe('info');
    expect(f.note).toMatch(/too small to mean anything/);
    expect(f.figures.growth_vs_last_week).toBeCloseTo(0.1, 10);
    expect(out.recommendations).toEqual([]);
  });

  it('calls-growth fires when calls quadruple', () => {
    const f = only(run('calls-growth', { answered: 10 }, { answered: 40 }).findings);
    expect(f).toMatchObject({ severity: 'positive', figures: { this_week: 40, last_week: 10, growth_vs_last_week: 3 } });
  });

  it('calls-growth does not fire on the same calls as every week', () => {
    const f = only(run('calls-growth', { answered: 20 }, { answered: 20 }).findings);
    expect(f).toMatchObject({ severity: 'info', figures: { growth_vs_last_week: 0, growth_vs_4_week_avg: 0 } });
    expect(f.note).toMatch(/too small/);
  });

  it('bookings-growth fires on bookings falling from 30 to 8, with a recommendation', () => {
    const out = run('bookings-growth', { completed: 30 }, { completed: 8 });
    expect(only(out.findings)).toMatchObject({ severity: 'warning', figures: { this_week: 8, last_week: 30 } });
    expect(out.recommendations[0]!.text).toMatch(/^Bookings fell 73%/);
  });

  it('bookings-growth does not fire on 3 bookings against 2: too few to tell', () => {
    const f = only(run('bookings-growth', { completed: 2 }, { completed: 3 }).findings);
    expect(f.severity).toBe('info');
    expect(f.note).toMatch(/Too few to tell/);
  });
});

describe('conversion-trend', () => {
  it('fires when 2 of 20 calls booked against half of them before, and recommends offering slots', () => {
    const out = run('conversion-trend', { answered: 20, converted: 10 }, { answered: 20, converted: 2 });
    const f = only(out.findings);
    expect(f).toMatchObject({ severity: 'warning', figures: { conversion_rate: 0.1, baseline_rate: 0.5, calls_total: 20, baseline_calls: 80 } });
    expect(f.figures.z).toBeLessThan(-1.645);
    expect(out.recommendations[0]!.text).toMatch(/About 8 more calls would have booked/);
  });

  it('does not fire when 9 of 20 booked against 10 of 20 before', () => {
    expect(run('conversion-trend', { answered: 20, converted: 10 }, { answered: 20, converted: 9 })).toEqual({ findings: [], recommendations: [] });
  });
});

describe('no-show and cancellation trends recommend reminders when they rise', () => {
  it('no-show-trend fires at 6 no-shows in 20 against 1 in 20 before', () => {
    const out = run('no-show-trend', { completed: 19, noShows: 1 }, { completed: 14, noShows: 6 });
    expect(only(out.findings)).toMatchObject({ severity: 'warning', figures: { rate: 0.3, count: 6, appointments_scheduled: 20, baseline_rate: 0.05 } });
    expect(out.recommendations[0]).toMatchObject({ rule: 'no-show-trend', priority: 'high' });
    expect(out.recommendations[0]!.text).toMatch(/reminders/i);
  });

  it('no-show-trend does not fire at the usual 1 in 20', () => {
    expect(run('no-show-trend', { completed: 19, noShows: 1 }, { completed: 19, noShows: 1 }).findings).toEqual([]);
  });

  it('cancellation-trend fires at 6 cancellations in 20 against 1 in 20 before', () => {
    const out = run('cancellation-trend', { completed: 19, cancelled: 1 }, { completed: 14, cancelled: 6 });
    expect(only(out.findings)).toMatchObject({ severity: 'warning', figures: { rate: 0.3, count: 6 } });
    expect(out.recommendations[0]!.text).toMatch(/reminders/i);
  });

  it('cancellation-trend does not fire at 2 in 20 against 1 in 20 (too few to tell)', () => {
    expect(run('cancellation-trend', { completed: 19, cancelled: 1 }, { completed: 18, cancelled: 2 }).findings).toEqual([]);
  });
});

describe('missed and after-hours calls, with the hours they cluster in', () => {
  it('missed-calls fires on 8 missed Saturday-noon calls out of 28, names the cluster and suggests a call-back routine', () => {
    const out = run('missed-calls', {}, { answered: 20, missed: 8, missedAt: { day: 5, hhmm: '12:00' } });
    const f = only(out.findings);
    expect(f).toMatchObject({ severity: 'critical', figures: { calls_missed: 8, missed_share: 8 / 28, missed_in_hours: 8, cluster_from_hour: 11, cluster_to_hour: 13, cluster_calls: 8, cluster_weekday: 5 } });
    expect(f.detail).toMatch(/Saturday/);
    expect(out.recommendations[0]!.text).toMatch(new RegExp(`call-back routine.*${hh(11)}–${hh(13)} on Saturdays`));
  });

  it('missed-calls does not fire on 1 missed call in 21', () => {
    expect(run('missed-calls', {}, { answered: 20, missed: 1 }).findings).toEqual([]);
  });

  it('after-hours-calls fires on 8 Thursday 19:00 calls of 28 and suggests staying open later on Thursdays', () => {
    const out = run('after-hours-calls', {}, { answered: 20, afterHours: 8 });
    const f = only(out.findings);
    expect(f).toMatchObject({ figures: { calls_after_hours: 8, after_hours_share: 8 / 28, cluster_from_hour: 18, cluster_to_hour: 20, cluster_weekday: 3 } });
    expect(out.recommendations[0]!.text).toMatch(`staying open until ${hh(20)} on Thursdays`);
  });

  it('after-hours-calls does not fire on 2 after-hours calls in 22', () => {
    expect(run('after-hours-calls', {}, { answered: 20, afterHours: 2 }).findings).toEqual([]);
  });
});

describe('peak-call-times', () => {
  it('fires with the busiest weekday and hour over four weeks', () => {
    const out = run('peak-call-times', { answered: 2, answeredAt: { day: 0, hhmm: '15:00' } }, { answered: 16, answeredAt: { day: 5, hhmm: '10:00' } });
    const f = only(out.findings);
    expect(f).toMatchObject({ title: `Calls peak on Saturday ${hh(10)}–${hh(11)}`, figures: { peak_weekday: 5, peak_hour: 10, peak_calls: 16, calls: 22, weeks: 4 } });
    expect(f.items![0]).toMatchObject({ weekday: 'Saturday', hour: hh(10), calls: 16 });
  });

  it('does not fire on 10 calls: too few to name a peak', () => {
    expect(run('peak-call-times', {}, { answered: 10 }).findings).toEqual([]);
  });
});

describe('money-on-the-table', () => {
  it('fires with phone revenue and the missed-call estimate, formula shown', () => {
    // 10 calls: 8 answered (5 booked and came), 2 missed; conversion 5/10, average ticket $45.
    const f = only(run('money-on-the-table', {}, { answered: 8, missed: 2, converted: 5, completed: 5 }).findings);
    expect(f.figures).toMatchObject({ phone_revenue_cents: 5 * 4500, missed_call_cost_cents: 2 * 0.5 * 4500, conversion_rate: 0.5, average_ticket_cents: 4500 });
    expect(f.formula).toMatch(/missed calls × this week's conversion rate × average ticket/);
  });

  it('does not fire without missed calls', () => {
    expect(run('money-on-the-table', {}, { answered: 8, converted: 5, completed: 5 }).findings).toEqual([]);
  });
});

describe('callback-recovery', () => {
  it('fires on a missed caller who booked two days later', () => {
    const out = run('callback-recovery', {}, {}, ({ salon }) => {
      const phone = call(salon, 'CA-lost', local(dayOf(WEEK, 1), '12:00'), 'missed');
      appointment(salon, { id: 'apt-won', phone, start: local(dayOf(WEEK, 4), '10:00'), status: 'completed', booked: local(dayOf(WEEK, 3), '09:00') });
    });
    expect(only(out.findings)).toMatchObject({ severity: 'positive', figures: { recovered_bookings: 1, recovered_revenue_cents: 4500, recovered_pending_cents: 0 } });
  });

  it('does not fire when the booking came nine days after the missed call', () => {
    const out = run('callback-recovery', {}, {}, ({ salon }) => {
      const phone = call(salon, 'CA-lost', local(dayOf(WEEK, -7), '12:00'), 'missed');
      appointment(salon, { id: 'apt-late', phone, start: local(dayOf(WEEK, 4), '10:00'), status: 'completed', booked: local(dayOf(WEEK, 2), '09:00') });
    });
    expect(out.findings).toEqual([]);
  });
});

describe('new and returning customers, and the 90-day return of first-timers', () => {
  it('new-vs-returning fires with 6 customers served', () => {
    const f = only(run('new-vs-returning', {}, { completed: 6 }).findings);
    expect(f.figures).toMatchObject({ customers_served: 6, new_customers: 6, returning_customers: 0, retention_rate: 0 });
  });

  it('new-vs-returning does not fire with 3 customers served', () => {
    expect(run('new-vs-returning', {}, { completed: 3 }).findings).toEqual([]);
  });

  /** `n` first-timers about 120 days before the week's end, `back` of whom came back 30 days later. */
  const cohort = (n: number, back: number) => (h: History) => {
    for (let i = 0; i < n; i++) {
      const phone = newPhone();
      appointment(h.salon, { id: `first-${i}`, phone, start: local('2026-07-24', '10:00', i * 30), status: 'completed', booked: local('2026-07-20', '10:00', i) });
      if (i < back) appointment(h.salon, { id: `again-${i}`, phone, start: local('2026-08-23', '10:00', i * 30), status: 'completed', booked: local('2026-08-01', '10:00', i) });
    }
  };

  it('first-visit-return fires at 2 of 12 back within 90 days, and recommends rebooking first-timers', () => {
    const out = run('first-visit-return', {}, {}, cohort(12, 2));
    expect(only(out.findings)).toMatchObject({ severity: 'warning', figures: { cohort: 12, returned: 2, return_rate_90d: 2 / 12 } });
    expect(out.recommendations[0]!.text).toMatch(/next visit before they leave/);
  });

  it('first-visit-return does not fire with only 5 first-timers in the cohort', () => {
    expect(run('first-visit-return', {}, {}, cohort(5, 1)).findings).toEqual([]);
  });
});

describe('overdue-customers', () => {
  /** A regular every 28 days, four visits, the last on `last`; optionally with a visit booked. */
  const regular = (last: string, booked: boolean) => (h: History) => {
    const phone = '+13125559001';
    for (let i = 0; i < 4; i++) {
      const day = dayOf(last, -28 * (3 - i));
      appointment(h.salon, { id: `reg-${i}`, phone, start: local(day, '10:00'), status: 'completed', booked: local(dayOf(day, -7), '10:00'), service: 'Hair Color' });
    }
    if (booked) appointment(h.salon, { id: 'reg-next', phone, start: local('2026-12-02', '10:00'), status: 'scheduled', booked: local('2026-11-20', '10:00') });
  };

  it('fires on a 28-day regular last seen 62 days before the week ended, and lists them to call', () => {
    const out = run('overdue-customers', {}, {}, regular('2026-09-21', false));
    const f = only(out.findings);
    expect(f.figures).toMatchObject({ overdue_customers: 1, overdue_spend_365d_cents: 4 * 12000 });
    expect(f.items).toEqual([
      expect.objectContaining({ phone: '+13125559001', usual_interval_days: 28, days_since_last_visit: 62, spend_365d_cents: 48000 }),
    ]);
    expect(out.recommendations[0]!.text).toMatch(/Call the 1 customer overdue/);
  });

  it('does not fire when that regular already has a visit booked', () => {
    expect(run('overdue-customers', {}, {}, regular('2026-09-21', true)).findings).toEqual([]);
  });

  it('does not fire on a regular seen 20 days ago', () => {
    expect(run('overdue-customers', {}, {}, regular('2026-11-02', false)).findings).toEqual([]);
  });
});

describe('the engine and GET /salon/insights', () => {
  it('runs every rule, most severe first, and a failing rule costs only its own finding', () => {
    history = openHistory(NOW);
    fillWeek(history.salon, WEEK, { answered: 20, missed: 8, completed: 6 });
    const insights = weekInsights(history.salon.insightSource(), history.salon.week(WEEK));
    expect(insights.week).toEqual({ start: WEEK, end: '2026-11-22', complete: true });
    const order = { critical: 0, warning: 1, positive: 2, info: 3 };
    const ranks = insights.findings.map((f) => order[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(insights.findings.map((f) => f.rule)).toContain('missed-calls');
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);

    const broken: InsightRule = { name: 'broken', run: () => { throw new Error('boom'); } };
    const ctx = insightContext(history.salon.insightSource(), history.salon.week(WEEK));
    const out = runRules(ctx, [broken, rule('missed-calls')]);
    expect(out.findings.map((f) => [f.rule, f.severity])).toEqual([['missed-calls', 'critical'], ['broken', 'info']]);
    expect(out.findings[1]!.detail).toBe('boom');
  });

  it('GET /salon/insights answers the last complete week by default, and any week by ?week=', async () => {
    const server = await startTestServer({ clock: new ManualClock(Date.parse(NOW)) });
    try {
      fillWeek(server.salon, WEEK, { answered: 20, missed: 8, completed: 6 });
      const res = await server.request('GET', '/salon/insights');
      expect(res.status).toBe(200);
      expect(res.body.week).toEqual({ start: WEEK, end: '2026-11-22', complete: true });
      const missed = res.body.findings.find((f: Finding) => f.rule === 'missed-calls');
      expect(missed.figures.calls_missed).toBe(8);
      expect(res.body.recommendations.length).toBeGreaterThan(0);
      const other = await server.request('GET', '/salon/insights?week=2026-11-11');
      expect(other.body.week.start).toBe('2026-11-09');
      expect(other.body.findings).toEqual([]);
      expect((await server.request('GET', '/salon/insights?week=nope')).status).toBe(400);
    } finally {
      await server.stop();
    }
  });
});
