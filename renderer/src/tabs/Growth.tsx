import type { FigureName, Finding, Insights, Recommendation, Severity } from '../../../electron/contract/index.js';
import type { TabProps } from '../navigation.js';
import { Empty, ErrorMessage, Loading, Section } from '../components/common.js';
import { addDays, type Formatter } from '../format.js';
import { useFormat, useQuery } from '../state.js';
import { DataTable } from '../components/DataTable.js';
import { SoFarPatterns, TrendChart, type TrendKind } from '../components/TrendChart.js';
import { ReportLinks } from '../components/ReportLinks.js';

const WEEKS = 12;

export default function Growth({ dashboard, nav }: TabProps) {
  const fmt = useFormat();
  const { week } = dashboard;
  const metrics = useQuery((c) => c.call('getWeeklyMetrics', { weeks_back: WEEKS, until: week.start }), [week.start], ['metrics']);
  // The week shown if it is complete, else the last complete one (the insights' and the report's default).
  const reportWeek = week.complete ? week.start : addDays(week.start, -7);
  const insights = useQuery((c) => c.call('getInsights', { week: reportWeek }), [reportWeek], ['insights', 'settings']);
  const rows = metrics.data?.weeks ?? [];
  const first = rows[0]?.week_start;

  const chart = (title: string, names: FigureName[], kind: TrendKind, type: 'line' | 'bar' = 'line') => (
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
            <SoFarPatterns />
            {chart('Calls', ['calls_total', 'calls_answered', 'calls_missed'], 'count')}
            {chart('Revenue', ['revenue_cents'], 'money', 'bar')}
            {chart('Appointments', ['appointments_booked', 'appointments_completed', 'no_shows', 'cancellations'], 'count')}
            {chart('Conversion', ['conversion_rate', 'answer_rate'], 'rate')}
          </div>
        )}
      </Section>
      <Section title="Insights and recommendations" id="insights" actions={<ReportLinks week={reportWeek} />}>
        {insights.loading ? <Loading what="the insights" /> : insights.error || !insights.data ? <ErrorMessage error={insights.error} /> : <InsightList data={insights.data} />}
      </Section>
      <Section title="Due to rebook" id="due-customers">
        <p className="hint">Regulars past their own usual interval between visits (median gap, plus a quarter of it or at least a week), with nothing booked: call them, best customers first.</p>
        <DueCustomers onCustomer={nav.customer} />
      </Section>
    </div>
  );
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Act this week', warning: 'Watch', info: 'Note', positive: 'Good news' };
const PRIORITY_LABEL: Record<Recommendation['priority'], string> = { high: 'High priority', medium: 'Medium', low: 'Low' };

/** A figure behind a finding, shown by what its name says it is: money in cents, a rate or share, an hour, a weekday, a count. */
function formatInsightFigure(rule: string, key: string, value: number | null, fmt: Formatter): string {
  if (value === null) return '—';
  if (key.endsWith('_cents') || (rule === 'revenue-growth' && /^(this_week|last_week|avg_4_weeks)$/.test(key))) return fmt.money(value);
  if (key.startsWith('growth')) return fmt.change(value);
  if (/rate|share/.test(key)) return fmt.percent(value);
  if (key.endsWith('_hour')) return fmt.hour(value);
  if (key.endsWith('_weekday')) return fmt.weekday(value, 'long');
  if (key === 'z') return value.toFixed(2);
  return Number.isInteger(value) ? fmt.count(value) : value.toLocaleString(fmt.locale, { maximumFractionDigits: 1 });
}

const figureLabel = (key: string) => key.replace(/_cents$/, '').replace(/_/g, ' ').replace(/\b4 weeks\b/, '4-week').replace(/^avg /, 'average ');

/** The insights and recommendations of a week, each with its severity and the figures it rests on. */
function InsightList({ data }: { data: Insights }) {
  const fmt = useFormat();
  const { findings, recommendations } = data;
  return (
    <div className="insights" data-testid="insights" data-week={data.week.start}>
      <p className="hint">
        For the week of {fmt.weekRange(data.week.start, data.week.end)}
        {data.week.complete ? '' : ' (in progress, so far)'}.
      </p>
      {findings.length === 0 && recommendations.length === 0 && <Empty title="Nothing stood out in this week." />}
      {recommendations.length > 0 && (
        <>
          <h3>Recommendations</h3>
          <ul className="recommendations">
            {recommendations.map((r, i) => (
              <li key={`${r.rule}-${i}`} className={`level-${r.priority}`} data-rule={r.rule} data-priority={r.priority}>
                <span className={`badge priority ${r.priority}`}>{PRIORITY_LABEL[r.priority]}</span> <span className="rec-text">{r.text}</span>
                <div className="sub">Because: {r.because}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {findings.length > 0 && (
        <>
          <h3>Insights</h3>
          <ul className="insight-list">
            {findings.map((f, i) => (
              <li key={`${f.rule}-${i}`} className={`finding level-${f.severity}`} data-rule={f.rule} data-severity={f.severity}>
                <div>
                  <span className={`badge severity ${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span> <strong className="finding-title">{f.title}</strong>
                </div>
                <p className="finding-detail">{f.detail}</p>
                {f.note && <p className="sub finding-note">{f.note}</p>}
                <details>
                  <summary>The figures behind it</summary>
                  <dl className="facts figures">
                    {Object.entries(f.figures).map(([key, value]) => (
                      <div key={key} className="figure" data-key={key} data-value={value ?? ''}>
                        <dt>{figureLabel(key)}</dt>
                        <dd>{formatInsightFigure(f.rule, key, value, fmt)}</dd>
                      </div>
                    ))}
                  </dl>
                  {f.formula && <p className="sub formula">How: {f.formula}</p>}
                  {f.items && f.items.length > 0 && f.rule !== 'overdue-customers' && <FindingItems rule={f.rule} items={f.items} />}
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The rows behind a finding (hours, days), as a small table. */
function FindingItems({ rule, items }: { rule: string; items: NonNullable<Finding['items']> }) {
  const fmt = useFormat();
  const keys = Object.keys(items[0] ?? {});
  return (
    <div className="table-wrap">
      <table className="finding-items">
        <thead>
          <tr>
            {keys.map((k) => (
              <th key={k} scope="col">
                {figureLabel(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.slice(0, 12).map((row, i) => (
            <tr key={i}>
              {keys.map((k) => {
                const v = row[k];
                return <td key={k}>{typeof v === 'number' ? formatInsightFigure(rule, k, v, fmt) : (v ?? '—')}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Customers past their own usual interval between visits with nothing booked, as of now: a list to call. */
function DueCustomers({ onCustomer }: { onCustomer(id: number): void }) {
  const fmt = useFormat();
  const due = useQuery((c) => c.call('listDueCustomers', { limit: 50 }), [], ['appointments']);
  if (due.loading) return <Loading what="the customers due" />;
  if (due.error || !due.data) return <ErrorMessage error={due.error} />;
  if (due.data.items.length === 0) {
    return <Empty title="Nobody is overdue.">Regulars (three visits or more) show here once they are past their usual interval between visits with nothing booked.</Empty>;
  }
  return (
    <div className="table-wrap scroll">
      <DataTable className="due" data-total={due.data.total} caption="Customers due to rebook, most valuable first" headers={['Customer', 'Usually every', 'Last visit', 'Overdue by', 'Spent (last year)']}>
        {due.data.items.map((o) => (
          <tr key={o.customer_id} data-customer-id={o.customer_id}>
            <td>
              <button type="button" className="link" onClick={() => onCustomer(o.customer_id)}>
                {o.name ?? fmt.phone(o.phone)}
              </button>
              {o.name && <div className="sub">{fmt.phone(o.phone)}</div>}
            </td>
            <td>{Math.round(o.usual_interval_days)} days</td>
            <td>
              <time dateTime={o.last_visit_at}>{fmt.date(o.last_visit_at)}</time>
              <div className="sub">{o.days_since_last_visit} days ago</div>
            </td>
            <td>{o.days_overdue} days</td>
            <td>{fmt.money(o.spend_365d_cents)}</td>
          </tr>
        ))}
      </DataTable>
      {due.data.total > due.data.items.length && <p className="hint">The {due.data.items.length} most valuable of {due.data.total}.</p>}
    </div>
  );
}
