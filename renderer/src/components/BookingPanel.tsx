import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AppointmentEventBody, Customer } from '../../../electron/contract/index.js';
import type { BookFor } from '../navigation.js';
import { firstBookableDay, salonToday, usualService } from '../booking.js';
import { wallToInstant } from '../format.js';
import { useAction, useFormat, useQuery } from '../state.js';
import { ErrorMessage } from './common.js';
import { ReliabilityFlag } from './Reliability.js';
import { StartConcerns, useStartConcerns } from './StartConcerns.js';
import { StartPicker } from './StartPicker.js';

function newId(): string {
  return `desk-${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`}`;
}

type Chosen = Pick<Customer, 'id' | 'name' | 'phone'>;

/**
 * The booking drawer, opened over whatever the desk is looking at (a ringing call, the
 * call-back list, a profile, the appointments): the customer, their usual service at its
 * price, the day's free starts, and a "book anyway" for a closed day, a time outside the
 * hours or in the past. The server checks everything again; its error shows as it said it.
 */
export function BookingPanel({ bookFor, onClose }: { bookFor: BookFor; onClose(): void }) {
  const fmt = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d || d.open) return;
    d.showModal();
    // Focus lands where the desk types first: the caller's name, the search, or the service.
    d.querySelector<HTMLElement>('[data-first]')?.focus();
  }, []);

  const catalogue = useQuery((c) => c.call('listServices', {}), [], ['settings']);
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  const [mode, setMode] = useState<'existing' | 'new'>(bookFor.customerId || !bookFor.phone ? 'existing' : 'new');
  const [customer, setCustomer] = useState<Chosen | null>(bookFor.customerId ? { id: bookFor.customerId, name: bookFor.name, phone: bookFor.phone } : null);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [name, setName] = useState(bookFor.customerId ? '' : (bookFor.name ?? ''));
  const [phone, setPhone] = useState(bookFor.phone ?? '');
  const [email, setEmail] = useState('');
  const [service, setService] = useState('');
  const [serviceChosen, setServiceChosen] = useState(false);
  const [price, setPrice] = useState('');
  const [priceEdited, setPriceEdited] = useState(false);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [notes, setNotes] = useState('');
  const [anyway, setAnyway] = useState(false);
  const [requestId, setRequestId] = useState(newId);
  const [done, setDone] = useState<{ text: string; warnings: string[] } | null>(null);

  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  const matches = useQuery((c) => (query ? c.call('listCustomers', { query, limit: 6 }) : Promise.resolve(null)), [query], ['customers']);
  const detail = useQuery((c) => (customer ? c.call('getCustomer', { id: customer.id }) : Promise.resolve(null)), [customer?.id], ['customers', 'appointments']);
  const known = mode === 'existing' && customer && detail.data?.id === customer.id ? detail.data : null;

  const services = useMemo(() => catalogue.data?.services ?? [], [catalogue.data]);
  const usual = known ? usualService(known.appointments) : null;
  // The customer's usual service until the desk picks one; the first of the list for a first visit.
  useEffect(() => {
    if (serviceChosen || services.length === 0) return;
    setService(usual && services.some((s) => s.name === usual) ? usual : services[0]!.name);
  }, [services, usual, serviceChosen]);
  const selected = services.find((s) => s.name === service);
  useEffect(() => {
    if (selected && !priceEdited) setPrice((selected.price_cents / 100).toFixed(2));
  }, [selected, priceEdited]);

  // The day opens on today, or the next open day once the salon has closed.
  const hours = settings.data?.business_hours;
  useEffect(() => {
    if (hours) setDate((d) => d || firstBookableDay(salonToday(fmt.timezone), hours, Date.now(), fmt.timezone));
  }, [hours, fmt.timezone]);

  const durationMin = selected?.duration_min ?? 30;
  const start = date && time ? wallToInstant(date, time, fmt.timezone).getTime() : null;
  const concerns = useStartConcerns(date, time, durationMin, hours);

  const book = useAction((client, body: AppointmentEventBody) => client.call('bookAppointment', body), ['appointments', 'customers', 'calls', 'metrics']);
  const needsName = mode === 'new' || (customer !== null && !customer.name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const body: AppointmentEventBody = {
      event: 'booked',
      appointment_id: requestId,
      service,
      ...(bookFor.callSid ? { call_sid: bookFor.callSid } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    if (start !== null) body.start = new Date(start).toISOString();
    if (price.trim() !== '') body.price = Number(price);
    const given = name.trim();
    if (mode === 'new') body.customer = { phone, ...(given ? { name: given } : {}), ...(email.trim() ? { email: email.trim() } : {}) };
    // A customer on file without a name is named by their number: the name only fills the gap.
    else if (customer) body.customer = given && customer.phone ? { phone: customer.phone, name: given } : { id: customer.id };
    const result = await book.run(body);
    if (result?.appointment) {
      const a = result.appointment;
      setDone({ text: `Booked: ${a.service} for ${a.customer_name ?? fmt.phone(a.customer_phone)}, ${fmt.dateTime(a.start)}, ${fmt.money(a.price_cents)}.`, warnings: result.warnings ?? [] });
      setRequestId(newId());
      setTime('');
      setAnyway(false);
    }
  };

  const pickStart = (d: string, t: string) => {
    setDate(d);
    setTime(t);
    setAnyway(false);
  };

  return (
    <dialog ref={dialog} className="booking-panel" aria-labelledby="booking-panel-title" onClose={onClose}>
      <form className="booking" onSubmit={submit} noValidate>
        <header className="panel-head">
          <h2 id="booking-panel-title">Book an appointment</h2>
          <button type="button" className="icon" aria-label="Close the booking panel" onClick={() => dialog.current?.close()}>
            ×
          </button>
        </header>
        <fieldset>
          <legend>Customer</legend>
          <div className="row" role="radiogroup" aria-label="Customer">
            <label className="inline">
              <input type="radio" name="mode" checked={mode === 'existing'} onChange={() => setMode('existing')} /> Existing customer
            </label>
            <label className="inline">
              <input
                type="radio"
                name="mode"
                checked={mode === 'new'}
                onChange={() => {
                  setMode('new');
                  // The number the desk already has stays.
                  if (!phone && customer?.phone) setPhone(customer.phone);
                }}
              />{' '}
              New customer
            </label>
          </div>
          {mode === 'existing' &&
            (customer ? (
              <div className="chosen" data-testid="chosen-customer">
                {customer.name ?? 'No name yet'} · {fmt.phone(customer.phone)}{' '}
                <button type="button" className="link" onClick={() => setCustomer(null)}>
                  change
                </button>
                {known && <ReliabilityFlag reliability={known.reliability} when="Before booking" />}
              </div>
            ) : (
              <>
                <label>
                  Find a customer
                  <input type="search" name="customer-search" value={search} placeholder="Name, phone or email" onChange={(e) => setSearch(e.target.value)} data-first />
                </label>
                {matches.data && (
                  <ul className="matches">
                    {matches.data.items.length === 0 && <li className="hint">No customer matches “{query}”. Choose “New customer” to add them.</li>}
                    {matches.data.items.map((c) => (
                      <li key={c.id}>
                        <button type="button" className="link" onClick={() => setCustomer(c)}>
                          {c.name ?? 'No name yet'} · {fmt.phone(c.phone)}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ))}
          {needsName && (
            <div className="row">
              <label>
                Name
                <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" data-first />
              </label>
              {mode === 'new' && (
                <>
                  <label>
                    Phone
                    <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
                  </label>
                  <label>
                    Email (optional)
                    <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
                  </label>
                </>
              )}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>Appointment</legend>
          <div className="row">
            <label>
              Service{usual && service === usual ? ' (their usual)' : ''}
              <select
                name="service"
                value={service}
                {...(!needsName && customer ? { 'data-first': true } : {})}
                onChange={(e) => {
                  setService(e.target.value);
                  setServiceChosen(true);
                }}
              >
                {services.map((s) => (
                  <option key={s.id} value={s.name}>
                    {s.name} ({fmt.money(s.price_cents)}, {s.duration_min} min)
                  </option>
                ))}
              </select>
            </label>
            <label>
              Price ($)
              <input
                name="price"
                type="text"
                inputMode="decimal"
                size={8}
                value={price}
                onChange={(e) => {
                  setPrice(e.target.value);
                  // Emptied: the price follows the service again.
                  setPriceEdited(e.target.value.trim() !== '');
                }}
              />
            </label>
          </div>
          <StartPicker date={date} time={time} durationMin={durationMin} onChange={pickStart} />
          <label>
            Notes
            <input name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
          </label>
          {bookFor.callSid && <p className="hint">Booked during this call: it counts as a converted call.</p>}
        </fieldset>
        <StartConcerns concerns={concerns} anyway={anyway} onAnyway={setAnyway} label="Book anyway" />
        <ErrorMessage error={book.error} title="Not booked" />
        <ErrorMessage error={catalogue.error} title="Could not load the services" />
        {done && (
          <div role="status">
            <p className="success">{done.text}</p>
            {done.warnings.map((w) => (
              <p key={w} className="reliability-flag" data-testid="booking-warnings">
                <strong>Note:</strong> {w}
              </p>
            ))}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={book.pending || (concerns.length > 0 && !anyway)}>
            {book.pending ? 'Booking…' : 'Book appointment'}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {done ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
