import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { FigureName, Growth, Insights, Recovered, WeekFigures } from '../../contract/index.js';
import type { SalonDatabase } from '../db.js';
import { FigureQueries, growth } from '../figures.js';
import { weekInsights, type InsightSource } from '../insights/engine.js';
import { recoveredInWeek } from '../callbacks.js';
import { toIso, weeksEndingWith, type Week } from '../time.js';
import { chart, esc } from './svg.js';
import { money, pct } from '../insights/stats.js';

/** Everything the weekly report shows. */
export interface WeeklyReport {
  salonName: string;
  timezone: string;
  week: Week;
  generatedAt: number;
  /** The figures as stored when the week closed, or as they stand. */
  figures: WeekFigures;
  closed: boolean;
  previous: WeekFigures;
  growth: Growth;
  /** 12 weeks ending with this one, oldest first. */
  history: { week: Week; figures: WeekFigures }[];
  insights: Insights;
  recovered: Recovered;
}

const HISTORY_WEEKS = 12;

function storedFigures(db: SalonDatabase, week: Week): WeekFigures | null {
  const row = db.prepare('SELECT figures FROM weekly_figures WHERE week_start = ?').get(week.start) as { figures: string } | undefined;
  return row ? (JSON.parse(row.figures) as WeekFigures) : null;
}

/** Gathers a week's report: its figures (as closed, when closed), 12 weeks of history, insights, recovered calls. */
export function buildWeeklyReport(source: InsightSource, week: Week, salonName = 'Salon Front Desk'): WeeklyReport {
  const zone = source.settings.timezone;
  const weeks = weeksEndingWith(week, HISTORY_WEEKS, zone);
  const live = new FigureQueries(source.db).forWeeks(weeks, source.now);
  const stored = storedFigures(source.db, week);
  const figures = stored ?? live[HISTORY_WEEKS - 1]!;
  const previous = storedFigures(source.db, weeks[HISTORY_WEEKS - 2]!) ?? live[HISTORY_WEEKS - 2]!;
  const history = weeks.map((w, i) => ({ week: w, figures: i === HISTORY_WEEKS - 1 ? figures : live[i]! }));
  return {
    salonName,
    timezone: zone,
    week,
    generatedAt: source.now,
    figures,
    closed: stored !== null,
    previous,
    growth: growth(figures, previous),
    history,
    insights: weekInsights(source, week),
    recovered: recoveredInWeek(source.db, week),
  };
}

// ---- CSV ----

const FIGURE_ORDER: FigureName[] = [
  'calls_total', 'calls_answered', 'calls_missed', 'calls_after_hours', 'avg_call_duration_sec', 'answer_rate',
  'calls_converted', 'conversion_rate', 'appointments_booked', 'appointments_scheduled', 'appointments_completed',
  'no_shows', 'cancellations', 'no_show_rate', 'cancellation_rate', 'revenue_cents', 'revenue_per_appointment_cents',
  'customers_served', 'new_customers', 'returning_customers', 'retention_rate',
];

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The week's figures as CSV: one row per figure, exact values (cents, unrounded fractions), last week and growth beside. */
export function reportCsv(r: WeeklyReport): string {
  const rows: (string | number | null)[][] = [['week_start', 'timezone', 'figure', 'value', 'last_week', 'growth']];
  for (const name of FIGURE_ORDER) rows.push([r.week.start, r.timezone, name, r.figures[name], r.previous[name], r.growth[name]]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// ---- HTML ----

type Kind = 'count' | 'money' | 'rate' | 'seconds';
const CARDS: { name: FigureName; label: string; kind: Kind }[] = [
  { name: 'revenue_cents', label: 'Revenue', kind: 'money' },
  { name: 'calls_total', label: 'Calls', kind: 'count' },
  { name: 'calls_answered', label: 'Answered', kind: 'count' },
  { name: 'calls_missed', label: 'Missed', kind: 'count' },
  { name: 'answer_rate', label: 'Answer rate', kind: 'rate' },
  { name: 'conversion_rate', label: 'Conversion', kind: 'rate' },
  { name: 'appointments_booked', label: 'Bookings made', kind: 'count' },
  { name: 'appointments_completed', label: 'Visits completed', kind: 'count' },
  { name: 'no_show_rate', label: 'No-show rate', kind: 'rate' },
  { name: 'cancellation_rate', label: 'Cancellation rate', kind: 'rate' },
  { name: 'new_customers', label: 'New customers', kind: 'count' },
  { name: 'returning_customers', label: 'Returning customers', kind: 'count' },
];

const show = (v: number, kind: Kind) =>
  kind === 'money' ? money(v) : kind === 'rate' ? pct(v, 1) : kind === 'seconds' ? `${Math.round(v)} s` : String(Math.round(v * 10) / 10);

const LOWER_IS_BETTER = new Set<FigureName>(['calls_missed', 'no_shows', 'cancellations', 'no_show_rate', 'cancellation_rate']);

/** The change since last week: a rate's in percentage points ("▲ 4.2 pts"), any other figure's relative. */
function growthBadge(name: FigureName, kind: Kind, g: number | null, current: number, previous: number): string {
  if (g === null) return '<span class="delta none">no last week</span>';
  const points = Math.round((current - previous) * 1000) / 10;
  if (kind === 'rate' ? points === 0 : Math.abs(g) < 0.005) return `<span class="delta flat">±0${kind === 'rate' ? ' pts' : '%'}</span>`;
  const good = g > 0 !== LOWER_IS_BETTER.has(name);
  return `<span class="delta ${good ? 'good' : 'bad'}">${g > 0 ? '▲' : '▼'} ${kind === 'rate' ? `${Math.abs(points).toFixed(1)} pts` : pct(Math.abs(g))}</span>`;
}

const STYLE = `
:root { --ink:#1d2330; --muted:#5d6677; --line:#d9dde5; --good:#1f7a4d; --bad:#b3261e; --accent:#6b3fa0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 28px 32px 40px; }
header { display:flex; justify-content:space-between; align-items:baseline; border-bottom: 3px solid var(--accent); padding-bottom: 10px; }
h1 { font-size: 24px; margin: 0; } h2 { font-size: 17px; margin: 26px 0 10px; color: var(--accent); }
.sub { color: var(--muted); }
.cards { display:grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.card { border:1px solid var(--line); border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 22px; font-weight: 650; }
.delta { font-size: 12px; font-weight: 600; } .delta.good { color: var(--good); } .delta.bad { color: var(--bad); } .delta.flat, .delta.none { color: var(--muted); }
.charts { display:grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.chart { width: 100%; height: auto; border:1px solid var(--line); border-radius: 8px; break-inside: avoid; }
.chart .grid { stroke: #eceef2; } .chart .axis { font-size: 11px; fill: var(--muted); } .chart .axis.current { fill: var(--ink); font-weight: 700; }
.chart .chart-title { font-size: 13px; font-weight: 650; fill: var(--ink); }
.finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 8px 0; break-inside: avoid; }
.finding.critical { border-color: var(--bad); background: #fdf1f0; } .finding.warning { border-color: #d98e04; background: #fff8ea; }
.finding.positive { border-color: var(--good); background: #eff8f3; } .finding.info { border-color: #8a94a6; }
.finding h3 { font-size: 14px; margin: 0 0 2px; } .finding p { margin: 0; } .finding .note, .finding .formula { color: var(--muted); font-size: 12px; }
ol.recs li { margin: 6px 0; } .prio { font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; margin-right: 6px; }
.prio.high { background: #fde3e1; color: var(--bad); } .prio.medium { background: #fff0cc; color: #8a5a00; } .prio.low { background: #e9edf3; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4; margin: 14mm; }
  main { padding: 0; max-width: none; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  h2 { break-after: avoid; }
  section { break-inside: avoid-page; }
}
`;

/**
 * The report page's Content-Security-Policy: nothing runs and nothing loads; only its own
 * stylesheet (by hash) applies. A name a caller gave cannot turn into script even if escaping failed.
 */
export const REPORT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The report as one self-contained HTML page: figures, inline SVG charts, insights, recommendations. Prints on A4. */
export function reportHtml(r: WeeklyReport): string {
  const f = r.figures;
  const zone = r.timezone;
  const label = (w: Week) => DateTime.fromMillis(w.startMs, { zone }).toFormat('d LLL');
  const labels = r.history.map((h) => label(h.week));
  const last = r.history.length - 1;
  const cards = CARDS.map(
    (c) =>
      `<div class="card" data-figure="${c.name}" data-value="${f[c.name]}"><div class="label">${esc(c.label)}</div><div class="value">${esc(show(f[c.name], c.kind))}</div>${growthBadge(c.name, c.kind, r.growth[c.name], f[c.name], r.previous[c.name])}</div>`,
  ).join('');
  const charts = [
    chart({ title: 'Revenue per week', labels, kind: 'stacked', highlight: last, format: (v) => money(Math.round(v)).replace(/\.00$/, ''), series: [{ name: 'Revenue', color: '#6b3fa0', values: r.history.map((h) => h.figures.revenue_cents) }] }),
    chart({ title: 'Calls per week', labels, kind: 'stacked', highlight: last, format: (v) => String(Math.round(v)), series: [
      { name: 'Answered', color: '#1f7a4d', values: r.history.map((h) => h.figures.calls_answered) },
      { name: 'Missed', color: '#b3261e', values: r.history.map((h) => h.figures.calls_missed) },
    ] }),
    chart({ title: 'Conversion and answer rate', labels, kind: 'line', highlight: last, format: (v) => pct(v), series: [
      { name: 'Conversion', color: '#6b3fa0', values: r.history.map((h) => h.figures.conversion_rate) },
      { name: 'Answer rate', color: '#1f7a4d', values: r.history.map((h) => h.figures.answer_rate) },
    ] }),
    chart({ title: 'No-shows and cancellations', labels, kind: 'line', highlight: last, format: (v) => pct(v), series: [
      { name: 'No-show rate', color: '#b3261e', values: r.history.map((h) => h.figures.no_show_rate) },
      { name: 'Cancellation rate', color: '#d98e04', values: r.history.map((h) => h.figures.cancellation_rate) },
    ] }),
  ].join('');
  const findings = r.insights.findings
    .map(
      (x) =>
        `<div class="finding ${x.severity}" data-rule="${esc(x.rule)}"><h3>${esc(x.title)}</h3><p>${esc(x.detail)}</p>${x.note ? `<p class="note">${esc(x.note)}</p>` : ''}${x.formula ? `<p class="formula">How: ${esc(x.formula)}</p>` : ''}</div>`,
    )
    .join('');
  const recs = r.insights.recommendations.length
    ? `<ol class="recs">${r.insights.recommendations.map((x) => `<li data-rule="${esc(x.rule)}"><span class="prio ${x.priority}">${x.priority}</span>${esc(x.text)}</li>`).join('')}</ol>`
    : '<p class="sub">Nothing calls for action this week.</p>';
  const overdue = r.insights.overdue_customers.slice(0, 15);
  const overdueTable = overdue.length
    ? `<table><thead><tr><th>Customer</th><th>Phone</th><th class="num">Usual interval</th><th class="num">Since last visit</th><th class="num">Spend, last year</th></tr></thead><tbody>${overdue
        .map((o) => `<tr><td>${esc(o.name ?? '—')}</td><td>${esc(o.phone ?? '—')}</td><td class="num">${Math.round(o.usual_interval_days)} days</td><td class="num">${o.days_since_last_visit} days</td><td class="num">${money(o.spend_365d_cents)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="sub">No regular is overdue for a visit.</p>';
  const estimate = Math.round(f.calls_missed * f.conversion_rate * f.revenue_per_appointment_cents);
  const moneyFinding = r.insights.findings.find((x) => x.rule === 'money-on-the-table');
  const phoneRevenue = moneyFinding?.figures.phone_revenue_cents ?? null;
  const week = `${DateTime.fromMillis(r.week.startMs, { zone }).toFormat('cccc d LLLL yyyy')} – ${DateTime.fromISO(r.week.end, { zone }).toFormat('cccc d LLLL yyyy')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.salonName)} — weekly report ${esc(r.week.start)}</title><style>${STYLE}</style></head>
<body><main data-week="${esc(r.week.start)}">
<header><div><h1>Weekly report</h1><div class="sub">${esc(week)} · ${esc(zone)}</div></div><div class="sub">${esc(r.salonName)}${r.closed ? '' : ' · week not closed yet'}</div></header>
<section><h2>The week in figures</h2><div class="cards">${cards}</div></section>
<section><h2>Money on the table</h2>
<table><tbody>
<tr><td>Revenue from completed visits</td><td class="num" data-figure="revenue_cents">${money(f.revenue_cents)}</td></tr>
${phoneRevenue !== null ? `<tr><td>of which booked by phone</td><td class="num">${money(phoneRevenue)}</td></tr>` : ''}
<tr><td>Estimated cost of missed calls<br><span class="sub">${f.calls_missed} missed × ${pct(f.conversion_rate, 1)} conversion × ${money(f.revenue_per_appointment_cents)} average ticket</span></td><td class="num" data-figure="missed_call_cost_cents">${money(estimate)}</td></tr>
<tr><td>Won back by calling missed callers (bookings within 7 days)<br><span class="sub">${r.recovered.recovered_bookings} bookings; ${money(r.recovered.recovered_pending_cents)} more still scheduled</span></td><td class="num" data-figure="recovered_revenue_cents">${money(r.recovered.recovered_revenue_cents)}</td></tr>
</tbody></table></section>
<section><h2>Twelve weeks</h2><div class="charts">${charts}</div></section>
<section><h2>What to do this week</h2>${recs}</section>
<section><h2>What we saw</h2>${findings || '<p class="sub">Too little happened this week to say anything.</p>'}</section>
<section><h2>Customers to call: overdue for a visit</h2>${overdueTable}</section>
<footer>Generated ${esc(DateTime.fromMillis(r.generatedAt, { zone }).toFormat('d LLL yyyy HH:mm'))} (${esc(toIso(r.generatedAt))}). Rates are shown rounded; the CSV has the exact figures.</footer>
</main></body></html>
`;
}
