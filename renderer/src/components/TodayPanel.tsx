import type { Dashboard } from '../../../electron/contract/index.js';
import type { Navigate } from '../navigation.js';
import { salonToday, weekdayOf } from '../booking.js';
import { addDays, instantToWall } from '../format.js';
import { useFormat, useQuery } from '../state.js';
import { AppointmentActions } from './AppointmentActions.js';
import { Empty, ErrorMessage, Loading, Section } from './common.js';
import { ReportLinks } from './ReportLinks.js';

const CALLBACKS_SHOWN = 5;
const HEADLINES = ['calls_total', 'answer_rate', 'appointments_completed', 'revenue_cents'] as const;

/**
 * The desk's day at the top of the Overview: today's appointments with their actions, who to
 * call back (newest misses first), how many regulars are overdue, and, on Monday mornings,
 * last week's headline figures with its report.
 */
export function TodayPanel({ dashboard, nav }: { dashboard: Dashboard; nav: Navigate }) {
  const fmt = useFormat();
  const now = Date.now();
  const today = salonToday(fmt.timezone, now);
  const thisWeek = addDays(today, -weekdayOf(today));
  const mondayMorning = weekdayOf(today) === 0 && instantToWall(now, fmt.timezone).hour < 12;
  const appointments = useQuery((c) => c.call('listAppointments', { from: today, to: today, limit: 200 }), [today], ['appointments']);
  const due = useQuery((c) => c.call('listDueCustomers', { limit: 1 }), [], ['customers', 'appointments']);
  const lastWeek = useQuery((c) => (mondayMorning ? c.call('getDashboard', { week: addDays(thisWeek, -7) }) : Promise.resolve(null)), [mondayMorning, thisWeek], ['metrics']);
  const todays = (appointments.data?.items ?? []).filter((a) => !a.is_test).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const callbacks = [...dashboard.callback_list].sort((a, b) => Date.parse(b.last_missed_at) - Date.parse(a.last_missed_at));

  return (
    <Section title={`Today, ${fmt.day(today)}`} id="today">
      {lastWeek.data && (
        <div className="last-week" data-testid="last-week">
          <h3>Last week</h3>
          <dl className="headlines">
            {HEADLINES.map((name) => {
              const value = lastWeek.data!.figures[name];
              return (
                <div key={name} data-figure={name}>
                  <dt>{{ calls_total: 'Calls', answer_rate: 'Answered', appointments_completed: 'Visits', revenue_cents: 'Revenue' }[name]}</dt>
                  <dd>{name === 'revenue_cents' ? fmt.money(value) : name === 'answer_rate' ? fmt.percent(value) : fmt.count(value)}</dd>
                </div>
              );
            })}
          </dl>
          <ReportLinks week={addDays(thisWeek, -7)} />
        </div>
      )}
      <div className="today-grid">
        <div>
          <h3>Appointments ({todays.length})</h3>
          {appointments.loading ? (
            <Loading what="today’s appointments" />
          ) : appointments.error ? (
            <ErrorMessage error={appointments.error} />
          ) : todays.length === 0 ? (
            <Empty title="No appointment today." />
          ) : (
            <ul className="today-list">
              {todays.map((a) => (
                <li key={a.id} data-appointment-id={a.id} className={a.status}>
                  <time dateTime={a.start}>{fmt.time(a.start)}</time>
                  <button type="button" className="link" onClick={() => nav.customer(a.customer_id)}>
                    {a.customer_name ?? fmt.phone(a.customer_phone)}
                  </button>
                  <span>{a.service}</span>
                  <span className={`status-pill ${a.status}`} data-status={a.status}>
                    {a.status.replace('_', '-')}
                  </span>
                  <AppointmentActions appointment={a} />
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Call-backs due ({callbacks.length})</h3>
          {callbacks.length === 0 ? (
            <Empty title="Nobody is waiting for a call back." />
          ) : (
            <ul className="today-list" data-testid="today-callbacks">
              {callbacks.slice(0, CALLBACKS_SHOWN).map((e) => (
                <li key={e.phone} data-phone={e.phone}>
                  <span>{e.customer_name ?? fmt.phone(e.phone)}</span>
                  <span className="sub">
                    missed <time dateTime={e.last_missed_at}>{fmt.dateTime(e.last_missed_at)}</time>
                  </span>
                  <button type="button" onClick={() => nav.book({ customerId: e.customer_id, name: e.customer_name, phone: e.phone, callSid: null })}>
                    Book
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="row">
            {due.data && (
              <span data-testid="overdue-regulars" data-count={due.data.total}>
                {due.data.total === 1 ? '1 regular is' : `${fmt.count(due.data.total)} regulars are`} overdue for a visit.
              </span>
            )}
            <button type="button" onClick={() => nav.tab('calls')}>
              Open the call-back list
            </button>
          </p>
        </div>
      </div>
    </Section>
  );
}
