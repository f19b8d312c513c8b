import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FigureName, WeeklyRow } from '../../../electron/contract/index.js';
import type { TabProps } from '../App.js';
import { Empty, ErrorMessage, Explained, Loading, Section } from '../components/common.js';
import { FIGURES } from '../figures.js';
import { useFormat, useQuery } from '../state.js';

const WEEKS = 12;
const COLORS = ['#5b7bd5', '#2e9e6b', '#d9822b', '#b0485c'];

type Kind = 'count' | 'money' | 'rate';

export default function Growth({ dashboard, nav }: TabProps) {
  const fmt = useFormat();
  const { week } = dashboard;
  const metrics = useQuery((c) => c.call('getWeeklyMetrics', { weeks_back: WEEKS, until: week.start }), [week.start], ['metrics']);
  const insights = useQuery((c) => c.insights(week.complete ? week.start : undefined), [week.start, week.complete], ['insights']);
  const rows = metrics.data?.weeks ?? [];
  const first = rows[0]?.week_start;

  const chart = (title: string, names: FigureName[], kind: Kind, type: 'line' | 'bar' = 'line') => (
    <TrendChart key={title} title={title} names={names} kind={kind} type={type} rows={rows} range={first ? `${fmt.day(first)} – ${fmt.day(week.end)}` : ''} />
  );

  return (
    <div className="tab growth-tab">
      <Section title={`12-week trends`} id="trends">
        {metrics.loading ? (
          <Loading what="the trends" />
        ) : metrics.error ? (
          <ErrorMessage error={metrics.error} />
        ) : rows.every((r) => r.calls_total === 0 && r.appointments_booked === 0) ? (
          <Empty title="No history yet.">The trends fill in week by week as calls and bookings arrive.</Empty>
        ) : (
          <div className="charts">
            {chart('Calls', ['calls_total', 'calls_answered', 'calls_missed'], 'count')}
            {chart('Revenue', ['revenue_cents'], 'money', 'bar')}
            {chart('Appointments', ['appointments_booked', 'appointments_completed', 'no_shows', 'cancellations'], 'count')}
            {chart('Conversion', ['conversion_rate', 'answer_rate'], 'rate')}
          </div>
        )}
      </Section>
      <Section title="Insights and recommendations" id="insights">
        {insights.loading ? <Loading what="the insights" /> : insights.error ? <ErrorMessage error={insights.error} /> : <Insights data={insights.data} onCustomer={nav.customer} />}
      </Section>
    </div>
  );
}

function TrendChart({ title, names, kind, type, rows, range }: { title: string; names: FigureName[]; kind: Kind; type: 'line' | 'bar'; rows: WeeklyRow[]; range: string }) {
  const fmt = useFormat();
  const value = (v: number) => (kind === 'money' ? fmt.money(v) : kind === 'rate' ? fmt.percent(v) : fmt.count(v));
  const data = rows.map((r) => ({ ...r, label: fmt.day(r.week_start).replace(/^\w+,?\s*/, '') }));
  const axis = (v: number) => (kind === 'money' ? fmt.money(v).replace(/\.00$/, '') : kind === 'rate' ? fmt.percent(v) : fmt.count(v));
  const series = names.map((name, i) =>
    type === 'bar' ? (
      <Bar key={name} dataKey={name} name={FIGURES[name].label} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
    ) : (
      <Line key={name} dataKey={name} name={FIGURES[name].label} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
    ),
  );
  const common: ReactNode[] = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey="label" tick={{ fontSize: 11 }} />,
    <YAxis key="y" tickFormatter={axis} tick={{ fontSize: 11 }} width={64} allowDecimals={kind !== 'count'} />,
    <Tooltip key="tip" formatter={(v, n) => [value(Number(v)), n]} labelFormatter={(l) => `Week of ${l}`} />,
    <Legend key="legend" />,
  ];
  return (
    <Explained
      className="chart"
      data-chart={title}
      tip={
        <>
          <strong>{title}</strong>, week by week, {range} (each point is one week, Monday to Sunday, salon time; the last one may be in progress).
          <ul>
            {names.map((n) => (
              <li key={n}>
                <strong>{FIGURES[n].label}</strong>: {FIGURES[n].definition}
              </li>
            ))}
          </ul>
        </>
      }
    >
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={220}>
        {type === 'bar' ? (
          <BarChart data={data}>
            {common}
            {series}
          </BarChart>
        ) : (
          <LineChart data={data}>
            {common}
            {series}
          </LineChart>
        )}
      </ResponsiveContainer>
    </Explained>
  );
}

/** One finding or recommendation as text, whatever its exact shape: a string, or an object with a title and a detail or text. */
function asText(item: unknown): { title?: string; text: string; note?: string; level?: string; because?: string } {
  if (typeof item === 'string') return { text: item };
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    const str = (...keys: string[]) => keys.map((k) => o[k]).find((v): v is string => typeof v === 'string');
    const title = str('title', 'headline');
    const text = str('detail', 'text', 'message', 'description', 'summary') ?? (title ? '' : JSON.stringify(item));
    const note = str('note');
    const level = str('severity', 'priority');
    const because = str('because');
    return { ...(title ? { title } : {}), text, ...(note ? { note } : {}), ...(level ? { level } : {}), ...(because ? { because } : {}) };
  }
  return { text: String(item) };
}

interface OverdueRow {
  customer_id?: number;
  name?: string | null;
  phone?: string | null;
  days_overdue?: number;
  last_visit_at?: string;
}

function Insights({ data, onCustomer }: { data: unknown; onCustomer(id: number): void }) {
  const fmt = useFormat();
  if (data === null || data === undefined) {
    return (
      <Empty title="Insights come with the weekly close.">
        Every Monday at 00:00 (salon time) the week is closed: its figures are saved and plain-language insights and recommendations are written here. Nothing has
        been closed for this week yet.
      </Empty>
    );
  }
  const o = data as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);
  const findings = Array.isArray(data) ? data : [...list('findings'), ...list('insights')];
  const recommendations = list('recommendations');
  const overdue = list('overdue_customers') as OverdueRow[];
  const covers = o.week && typeof o.week === 'object' ? (o.week as { start?: string; end?: string }) : null;
  const heading = covers?.start && covers.end ? <p className="hint">For the week of {fmt.weekRange(covers.start, covers.end)}.</p> : null;
  if (findings.length === 0 && recommendations.length === 0) {
    return (
      <div className="insights" data-testid="insights">
        {heading}
        <Empty title="Nothing stood out in this week." />
      </div>
    );
  }
  return (
    <div className="insights" data-testid="insights">
      {heading}
      {findings.length > 0 && (
        <ul className="insight-list">
          {findings.map((item, i) => {
            const t = asText(item);
            return (
              <li key={i} className={`level-${t.level ?? 'info'}`}>
                {t.title && <strong>{t.title}. </strong>}
                {t.text}
                {t.note && <span className="sub"> ({t.note})</span>}
              </li>
            );
          })}
        </ul>
      )}
      {recommendations.length > 0 && (
        <>
          <h3>Recommendations</h3>
          <ul className="recommendations">
            {recommendations.map((item, i) => {
              const t = asText(item);
              return (
                <li key={i} className={`level-${t.level ?? 'info'}`}>
                  {t.title && <strong>{t.title}. </strong>}
                  {t.text}
                  {t.because && <span className="sub"> Because: {t.because}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {overdue.length > 0 && (
        <>
          <h3>Customers overdue for a visit</h3>
          <ul className="overdue">
            {overdue.slice(0, 15).map((c, i) => (
              <li key={c.customer_id ?? i}>
                {c.customer_id ? (
                  <button type="button" className="link" onClick={() => onCustomer(c.customer_id!)}>
                    {c.name ?? fmt.phone(c.phone)}
                  </button>
                ) : (
                  (c.name ?? fmt.phone(c.phone))
                )}{' '}
                <span className="sub">
                  {fmt.phone(c.phone)}
                  {typeof c.days_overdue === 'number' ? ` · ${c.days_overdue} days overdue` : ''}
                  {c.last_visit_at ? ` · last visit ${fmt.date(c.last_visit_at)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
