import { useState, type FormEvent } from 'react';
import type { CustomerDetail, CustomerPatch } from '../../../electron/contract/index.js';
import type { TabProps } from '../navigation.js';
import { callerSummary } from '../components/CallerCard.js';
import { CallTable } from '../components/CallList.js';
import { CustomerList } from '../components/CustomerList.js';
import { Empty, ErrorMessage, Loading, Section } from '../components/common.js';
import { DataTable } from '../components/DataTable.js';
import { ReliabilityFlag } from '../components/Reliability.js';
import { UpcomingAppointments } from '../components/UpcomingAppointments.js';
import { useAction, useFormat, useQuery } from '../state.js';

export default function Customers({ nav, selected }: TabProps & { selected: number | null }) {
  return (
    <div className="tab customers-tab two-col wide-right">
      <Section title="Customers" id="customer-list">
        <CustomerList selected={selected} onCustomer={nav.customer} />
      </Section>
      {selected ? (
        <Profile id={selected} nav={nav} />
      ) : (
        <Section title="Profile" id="customer-profile">
          <Empty title="Choose a customer">Their visits, calls and notes show here.</Empty>
        </Section>
      )}
    </div>
  );
}

function Profile({ id, nav }: { id: number; nav: TabProps['nav'] }) {
  const fmt = useFormat();
  const customer = useQuery((c) => c.call('getCustomer', { id }), [id], ['customers', 'appointments', 'calls']);
  if (customer.loading) return <Loading what="the customer" />;
  if (customer.error || !customer.data) return <ErrorMessage error={customer.error} title="Could not load the customer" />;
  const c = customer.data;
  const s = callerSummary(c);
  return (
    <div className="profile" data-customer-id={c.id}>
      <Section
        title={c.name ?? 'Unnamed customer'}
        id="customer-profile"
        actions={
          <button type="button" className="primary" onClick={() => nav.book({ customerId: c.id, name: c.name, phone: c.phone, callSid: null })}>
            Book for {c.name ?? 'them'}
          </button>
        }
      >
        <ReliabilityFlag reliability={c.reliability} when="Ask for a deposit" />
        <dl className="facts">
          <dt>Visits</dt>
          <dd data-testid="visits">{s.visits}</dd>
          <dt>Spent</dt>
          <dd>{fmt.money(s.spentCents)}</dd>
          <dt>Last visit</dt>
          <dd>{s.lastVisit ? `${fmt.date(s.lastVisit.start)} · ${s.lastVisit.service}` : 'none yet'}</dd>
          <dt>Next appointment</dt>
          <dd>{s.next ? `${fmt.dateTime(s.next.start)} · ${s.next.service}` : 'none booked'}</dd>
          <dt>No-shows (last year)</dt>
          <dd data-testid="no-shows" className={c.reliability.no_shows ? 'warn' : ''}>
            {c.reliability.no_shows}
          </dd>
          <dt>Late cancellations (last year)</dt>
          <dd data-testid="late-cancellations" className={c.reliability.late_cancellations ? 'warn' : ''} title="Cancelled less than 24 hours before the start">
            {c.reliability.late_cancellations}
          </dd>
          <dt>Customer since</dt>
          <dd>{fmt.date(c.first_seen_at)}</dd>
          <dt>First visit</dt>
          <dd data-testid="first-visit">{c.first_visit_at ? fmt.date(c.first_visit_at) : 'none yet'}</dd>
        </dl>
        <BeforeUs customer={c} fmt={fmt} />
        <h3>Upcoming appointments</h3>
        <UpcomingAppointments appointments={c.appointments} />
        <ProfileForm key={c.id} customer={c} />
      </Section>
      <Section title="Service history" id="service-history">
        {c.appointments.length === 0 ? (
          <Empty title="No appointments yet." />
        ) : (
          <div className="table-wrap">
            <DataTable caption="Appointments, newest first" headers={['Date', 'Service', 'Price', 'Status']}>
              {c.appointments.map((a) => (
                <tr key={a.id} className={a.is_test ? 'test' : ''}>
                  <td>
                    {fmt.date(a.start)}, {fmt.time(a.start)}
                  </td>
                  <td>{a.service}</td>
                  <td>{fmt.money(a.price_cents)}</td>
                  <td>
                    <span className={`status-pill ${a.status}`}>{a.status.replace('_', '-')}</span>
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Section>
      <Section title="Calls" id="customer-calls">
        {c.calls.length === 0 ? <Empty title="No calls from this customer." /> : <CallTable calls={c.calls} caption="Calls from this customer" />}
      </Section>
    </div>
  );
}

/** What the previous booking system's export knew of the customer; nothing when none was imported. */
function BeforeUs({ customer: c, fmt }: { customer: CustomerDetail; fmt: ReturnType<typeof useFormat> }) {
  if (c.imported_visits === 0 && c.imported_last_visit_at === null && c.imported_spend_cents === 0) return null;
  return (
    <dl className="facts" data-testid="before-us" aria-label="Before Salon Front Desk">
      <dt>Before Salon Front Desk</dt>
      <dd>
        {c.imported_visits} visit{c.imported_visits === 1 ? '' : 's'}, {fmt.money(c.imported_spend_cents)} spent
        {c.imported_first_visit_at ? `, first ${fmt.date(c.imported_first_visit_at)}` : ''}
        {c.imported_last_visit_at ? `, last ${fmt.date(c.imported_last_visit_at)}` : ''}
      </dd>
    </dl>
  );
}

function ProfileForm({ customer }: { customer: CustomerDetail }) {
  const [name, setName] = useState(customer.name ?? '');
  const [phone, setPhone] = useState(customer.phone ?? '');
  const [email, setEmail] = useState(customer.email ?? '');
  const [notes, setNotes] = useState(customer.notes);
  const [saved, setSaved] = useState(false);
  const save = useAction((client, patch: CustomerPatch) => client.call('updateCustomer', { id: customer.id, patch }), ['customers', 'appointments', 'calls']);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const patch: CustomerPatch = {};
    if (name !== (customer.name ?? '')) patch.name = name;
    if (phone !== (customer.phone ?? '')) patch.phone = phone;
    if (email !== (customer.email ?? '')) patch.email = email;
    if (notes !== customer.notes) patch.notes = notes;
    if (Object.keys(patch).length === 0) return setSaved(true);
    if (await save.run(patch)) setSaved(true);
  };
  return (
    <form className="profile-form" onSubmit={submit} noValidate aria-label="Customer details">
      <div className="grid-3">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Phone
          <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        <label>
          Email
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      </div>
      <label>
        Notes
        <textarea name="notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Preferences, allergies, who they like to see…" />
      </label>
      <ErrorMessage error={save.error} />
      {saved && !save.error && (
        <p className="success" role="status">
          Saved.
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
