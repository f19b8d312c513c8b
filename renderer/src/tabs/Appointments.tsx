import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Appointment } from '../../../electron/contract/index.js';
import type { TabProps } from '../navigation.js';
import { AppointmentActions } from '../components/AppointmentActions.js';
import { DataTable } from '../components/DataTable.js';
import { MetricGrid } from '../components/MetricCard.js';
import { Empty, ErrorMessage, Explained, Loading, Section } from '../components/common.js';
import { movedTo, RescheduleForm } from '../components/RescheduleForm.js';
import { addDays, instantToWall } from '../format.js';
import { useFormat, useQuery } from '../state.js';

const STATUS_LABEL: Record<Appointment['status'], string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
};
const STATUS_COLOR: Record<Appointment['status'], string> = {
  scheduled: '#5b7bd5',
  completed: '#2e9e6b',
  no_show: '#d9822b',
  cancelled: '#b0485c',
};

export default function Appointments({ dashboard, nav }: TabProps) {
  const fmt = useFormat();
  const { figures, growth, week } = dashboard;
  const list = useQuery((c) => c.call('listAppointments', { from: week.start, to: week.end, limit: 1000 }), [week.start], ['appointments']);
  const stillScheduled = figures.appointments_scheduled - figures.appointments_completed - figures.no_shows - figures.cancellations;
  const breakdown = [
    { status: 'completed' as const, count: figures.appointments_completed },
    { status: 'scheduled' as const, count: Math.max(0, stillScheduled) },
    { status: 'no_show' as const, count: figures.no_shows },
    { status: 'cancelled' as const, count: figures.cancellations },
  ];
  const [status, setStatus] = useState<Appointment['status'] | 'all'>('all');
  const [day, setDay] = useState<string>('all');
  const [moved, setMoved] = useState<string | null>(null);
  const all = [...(list.data?.items ?? [])].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const items = all.filter((a) => (status === 'all' || a.status === status) && (day === 'all' || instantToWall(a.start, fmt.timezone).date === day));
  const days = Array.from({ length: 7 }, (_, i) => addDays(week.start, i));

  return (
    <div className="tab appointments-tab">
      <Section title="Appointments of the week" id="appointment-figures">
        <MetricGrid
          names={['appointments_scheduled', 'appointments_completed', 'no_shows', 'cancellations', 'no_show_rate', 'cancellation_rate', 'appointments_booked']}
          figures={figures}
          growth={growth}
          previous={dashboard.previous.figures}
          week={week}
        />
      </Section>
      <div className="two-col">
        <Section title="Status breakdown" id="status-breakdown">
          <Explained
            className="chart"
            data-figure="status-breakdown"
            tip={`Appointments starting in the week of ${fmt.weekRange(week.start, week.end)}, by status (test bookings left out). “Scheduled” are those not yet completed, missed or cancelled.`}
          >
            {figures.appointments_scheduled === 0 ? (
              <p className="hint">No appointment starts in this week.</p>
            ) : (
              <ResponsiveContainer width="100%" height={180}>
                <BarChart data={breakdown.map((b) => ({ ...b, label: STATUS_LABEL[b.status] }))} layout="vertical" margin={{ left: 16, right: 16 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="label" width={90} />
                  <Tooltip formatter={(v) => [fmt.count(Number(v)), 'appointments']} />
                  <Bar dataKey="count" isAnimationActive={false}>
                    {breakdown.map((b) => (
                      <Cell key={b.status} fill={STATUS_COLOR[b.status]} />
                    ))}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            )}
          </Explained>
        </Section>
        <Section title="Revenue" id="revenue">
          <MetricGrid names={['revenue_cents', 'revenue_per_appointment_cents', 'customers_served']} figures={figures} growth={growth} previous={dashboard.previous.figures} week={week} />
        </Section>
      </div>
      <Section
        title={`Appointments, ${fmt.weekRange(week.start, week.end)}`}
        id="appointment-list"
        actions={
          <div className="row filters">
            <button type="button" className="primary" onClick={() => nav.book({ customerId: null, name: null, phone: null, callSid: null })}>
              Book an appointment
            </button>
            <label>
              Day
              <select name="day" value={day} onChange={(e) => setDay(e.target.value)}>
                <option value="all">All week</option>
                {days.map((d) => (
                  <option key={d} value={d}>
                    {fmt.day(d)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Status
              <select name="status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                <option value="all">Any</option>
                {(Object.keys(STATUS_LABEL) as Appointment['status'][]).map((st) => (
                  <option key={st} value={st}>
                    {STATUS_LABEL[st]}
                  </option>
                ))}
              </select>
            </label>
          </div>
        }
      >
        {moved && (
          <p className="success" role="status">
            {moved}
          </p>
        )}
        {list.loading ? (
          <Loading what="the appointments" />
        ) : list.error ? (
          <ErrorMessage error={list.error} />
        ) : all.length === 0 ? (
          <Empty title="No appointment starts in this week.">Book one with “Book an appointment”, or pick another week.</Empty>
        ) : items.length === 0 ? (
          <Empty title="No appointment matches these filters.">Choose “All week” and “Any” to see them all.</Empty>
        ) : (
          <div className="table-wrap scroll tall">
            <DataTable className="appointments" caption="Appointments starting in the week" headers={['Start', 'Customer', 'Service', 'Price', 'Status', 'Actions']}>
              {items.map((a) => (
                <AppointmentRow key={a.id} appointment={a} onCustomer={nav.customer} onMoved={(m) => setMoved(movedTo(fmt, m))} />
              ))}
            </DataTable>
            <p className="hint">
              {items.length} of {all.length} appointments.
            </p>
          </div>
        )}
      </Section>
    </div>
  );
}

function AppointmentRow({ appointment: a, onCustomer, onMoved }: { appointment: Appointment; onCustomer(id: number): void; onMoved(moved: Appointment): void }) {
  const fmt = useFormat();
  const [moving, setMoving] = useState(false);
  return (
    <>
      <tr data-appointment-id={a.id} className={`${a.status}${a.is_test ? ' test' : ''}`}>
        <td>
          <time dateTime={a.start}>{fmt.dateTime(a.start)}</time>
          <div className="sub">{a.duration_min} min</div>
        </td>
        <td>
          <button type="button" className="link" onClick={() => onCustomer(a.customer_id)}>
            {a.customer_name ?? fmt.phone(a.customer_phone)}
          </button>
          {a.is_test && <span className="badge test">test</span>}
        </td>
        <td>{a.service}</td>
        <td>{fmt.money(a.price_cents)}</td>
        <td>
          <span className={`status-pill ${a.status}`} data-status={a.status}>
            {STATUS_LABEL[a.status]}
          </span>
        </td>
        <td className="actions">
          <AppointmentActions appointment={a} onReschedule={() => setMoving((m) => !m)} />
        </td>
      </tr>
      {moving && (
        <tr className="row-extra">
          <td colSpan={6}>
            <RescheduleForm
              appointment={a}
              onCancel={() => setMoving(false)}
              onMoved={(m) => {
                setMoving(false);
                onMoved(m);
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}
