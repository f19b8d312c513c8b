import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AppointmentEventBody, Customer } from '../../../electron/contract/index.js';
import type { BookFor } from '../App.js';
import { instantToWall, wallToInstant } from '../format.js';
import { useAction, useFormat, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';
import { ReliabilityFlag } from './Reliability.js';

function newId(): string {
  return `desk-${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`}`;
}

/**
 * Books an appointment: an existing customer (search by name, phone or email) or a new one,
 * a service, a time in the salon's zone, and a price that defaults to the service's. The
 * server checks everything; its error shows as it said it, and nothing is stored.
 */
export function BookingForm({ bookFor, onDone }: { bookFor: BookFor | null; onDone(): void }) {
  const fmt = useFormat();
  const catalogue = useQuery((c) => c.call('listServices', {}), [], ['settings']);
  const [mode, setMode] = useState<'existing' | 'new'>(bookFor && !bookFor.customerId ? 'new' : 'existing');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [customer, setCustomer] = useState<Pick<Customer, 'id' | 'name' | 'phone'> | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [service, setService] = useState('');
  const [date, setDate] = useState(() => instantToWall(Date.now(), fmt.timezone).date);
  const [time, setTime] = useState('');
  const [price, setPrice] = useState('');
  const [priceEdited, setPriceEdited] = useState(false);
  const [notes, setNotes] = useState('');
  const [callSid, setCallSid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [requestId, setRequestId] = useState(newId);

  // Someone to book for (from a caller card, the call-back list or a profile).
  useEffect(() => {
    if (!bookFor) return;
    setCallSid(bookFor.callSid);
    if (bookFor.customerId) {
      setMode('existing');
      setCustomer({ id: bookFor.customerId, name: bookFor.name, phone: bookFor.phone });
    } else {
      setMode('new');
      setName(bookFor.name ?? '');
      setPhone(bookFor.phone ?? '');
    }
  }, [bookFor]);

  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  // The chosen customer's reliability: the desk sees the deposit suggestion before booking.
  const chosen = useQuery((c) => (customer ? c.call('getCustomer', { id: customer.id }) : Promise.resolve(null)), [customer?.id], ['customers', 'appointments']);
  const matches = useQuery((c) => (query ? c.call('listCustomers', { query, limit: 8 }) : Promise.resolve(null)), [query], ['customers']);

  const services = useMemo(() => catalogue.data?.services ?? [], [catalogue.data]);
  const selected = services.find((s) => s.name === service);
  useEffect(() => {
    if (!service && services[0]) setService(services[0].name);
  }, [services, service]);
  // The price follows the service until the desk types its own.
  useEffect(() => {
    if (selected && !priceEdited) setPrice((selected.price_cents / 100).toFixed(2));
  }, [selected, priceEdited]);

  const book = useAction((client, body: AppointmentEventBody) => client.call('bookAppointment', body), ['appointments', 'customers', 'calls', 'metrics']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setWarnings([]);
    const body: AppointmentEventBody = {
      event: 'booked',
      appointment_id: requestId,
      service,
      ...(callSid ? { call_sid: callSid } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    if (date && time) body.start = wallToInstant(date, time, fmt.timezone).toISOString();
    if (price.trim() !== '') body.price = Number(price);
    if (mode === 'existing' && customer) body.customer = { id: customer.id };
    else if (mode === 'new') body.customer = { phone, ...(name.trim() ? { name: name.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}) };
    const result = await book.run(body);
    if (result?.appointment) {
      const a = result.appointment;
      setDone(`Booked: ${a.service} for ${a.customer_name ?? fmt.phone(a.customer_phone)}, ${fmt.dateTime(a.start)}, ${fmt.money(a.price_cents)}.`);
      setWarnings(result.warnings ?? []);
      setRequestId(newId());
      setTime('');
      setNotes('');
      setPriceEdited(false);
      setCallSid(null);
      if (mode === 'new') {
        setName('');
        setPhone('');
        setEmail('');
      } else setCustomer(null);
      onDone();
    }
  };

  return (
    <form className="booking" onSubmit={submit} noValidate aria-label="Book an appointment">
      <fieldset>
        <legend>Customer</legend>
        <div className="row" role="radiogroup" aria-label="Customer">
          <label>
            <input type="radio" name="mode" checked={mode === 'existing'} onChange={() => setMode('existing')} /> Existing customer
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'new'} onChange={() => setMode('new')} /> New customer
          </label>
        </div>
        {mode === 'existing' ? (
          customer ? (
            <div className="chosen" data-testid="chosen-customer">
              {customer.name ?? 'Unnamed'} · {fmt.phone(customer.phone)}{' '}
              <button type="button" className="link" onClick={() => setCustomer(null)}>
                change
              </button>
              {chosen.data?.id === customer.id && <ReliabilityFlag reliability={chosen.data.reliability} when="Before booking" />}
            </div>
          ) : (
            <>
              <label>
                Find a customer
                <input type="search" name="customer-search" value={search} placeholder="Name, phone or email" onChange={(e) => setSearch(e.target.value)} />
              </label>
              {matches.data && (
                <ul className="matches">
                  {matches.data.items.length === 0 && <li className="hint">No customer matches “{query}”. Choose “New customer” to add them.</li>}
                  {matches.data.items.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="link" onClick={() => setCustomer(c)}>
                        {c.name ?? 'Unnamed'} · {fmt.phone(c.phone)}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )
        ) : (
          <div className="grid-3">
            <label>
              Name
              <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
            </label>
            <label>
              Phone
              <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
            </label>
            <label>
              Email (optional)
              <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
            </label>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Appointment</legend>
        <div className="grid-3">
          <label>
            Service
            <select name="service" value={service} onChange={(e) => setService(e.target.value)}>
              {services.map((s) => (
                <option key={s.id} value={s.name}>
                  {s.name} ({fmt.money(s.price_cents)}, {s.duration_min} min)
                </option>
              ))}
            </select>
          </label>
          <label>
            Date
            <input name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <label>
            Time ({fmt.timezone})
            <input name="time" type="time" value={time} step={300} onChange={(e) => setTime(e.target.value)} />
          </label>
          <label>
            Price ($)
            <input
              name="price"
              type="text"
              inputMode="decimal"
              value={price}
              onChange={(e) => {
                setPrice(e.target.value);
                // Emptied: the price follows the service again.
                setPriceEdited(e.target.value.trim() !== '');
              }}
            />
          </label>
          <label className="span-2">
            Notes
            <input name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
          </label>
        </div>
        {callSid && <p className="hint">Booked during this call: it counts as a converted call.</p>}
      </fieldset>
      <ErrorMessage error={book.error} title="Not booked" />
      <ErrorMessage error={catalogue.error} title="Could not load the services" />
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {done && warnings.length > 0 && (
        <div className="reliability-flag" role="note" data-testid="booking-warnings">
          {warnings.map((w) => (
            <p key={w}>
              <strong>Note:</strong> {w}
            </p>
          ))}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={book.pending}>
          {book.pending ? 'Booking…' : 'Book appointment'}
        </button>
      </div>
    </form>
  );
}
