import { useEffect, useState, type FormEvent } from 'react';
import type { DayHoursView, ServiceView, SettingsView } from '../../../electron/contract/index.js';
import type { TabProps } from '../navigation.js';
import { TestCallButton, webhookUrl } from '../components/Webhook.js';
import { ErrorMessage, Loading, Section } from '../components/common.js';
import { Backups } from '../components/Backups.js';
import { ImportExport } from '../components/ImportExport.js';
import { ListenerSettings } from '../components/ListenerSettings.js';
import { PhoneSystem } from '../components/PhoneSystem.js';
import { useAction, useFormat, useQuery } from '../state.js';
import { DataTable } from '../components/DataTable.js';

const OVERRIDE_NOTE: Record<SettingsView['overridden'][number], string> = {
  timezone: 'The time zone is fixed by the server’s configuration (--timezone or SALON_TIMEZONE); a value saved here applies once that is removed.',
  default_region: 'The phone region is fixed by SALON_DEFAULT_REGION; a value saved here applies once that is removed.',
  business_hours: 'Business hours are fixed by BUSINESS_START_HOUR / BUSINESS_END_HOUR / BUSINESS_DAYS; hours saved here apply once those are removed.',
  deposit_threshold: 'The deposit threshold is fixed by the server’s configuration; a value saved here applies once that is removed.',
};

type SavedForm = 'hours' | 'zone' | 'deposit';

/** A form's "Saved" confirmation, which stays until the next edit. */
interface Confirmation {
  saved: boolean;
  onSaved(): void;
  onEdit(): void;
}

export default function Settings(_props: TabProps) {
  const settings = useQuery((c) => c.call('getSettings', {}), [], ['settings']);
  const catalogue = useQuery((c) => c.call('listServices', {}), [], ['settings']);
  // Which form was saved last: kept here, since a saved form is drawn again from the new settings.
  const [saved, setSaved] = useState<SavedForm | null>(null);
  const confirm = (form: SavedForm) => ({ saved: saved === form, onSaved: () => setSaved(form), onEdit: () => setSaved(null) });
  if (settings.loading) return <Loading what="the settings" />;
  if (!settings.data) return <ErrorMessage error={settings.error} title="Could not load the settings" />;
  const s = settings.data;
  return (
    <div className="tab settings-tab">
      {s.overridden.length > 0 && (
        <div className="note" role="note">
          {s.overridden.map((k) => (
            <p key={k}>{OVERRIDE_NOTE[k]}</p>
          ))}
        </div>
      )}
      <Section title="Phone system" id="phone-system">
        <PhoneSystem />
      </Section>
      <Section title="Webhook (for phone systems that post to the app)" id="webhook">
        <Webhook settings={s} />
      </Section>
      <div className="two-col">
        <Section title="Business hours" id="hours">
          <HoursForm key={JSON.stringify(s.business_hours)} hours={s.business_hours} {...confirm('hours')} />
        </Section>
        <Section title="Time zone and region" id="zone">
          <ZoneForm key={`${s.timezone}|${s.default_region}`} settings={s} {...confirm('zone')} />
        </Section>
      </div>
      <Section title="Deposits" id="deposits">
        <DepositForm key={s.deposit_threshold} threshold={s.deposit_threshold} {...confirm('deposit')} />
      </Section>
      <Section title="Services and prices" id="services">
        {catalogue.loading ? <Loading what="the services" /> : catalogue.data ? <ServicesEditor services={catalogue.data.services} /> : <ErrorMessage error={catalogue.error} />}
      </Section>
      <Section title="Intent map" id="intents">
        {catalogue.data && <IntentEditor map={catalogue.data.intent_map} services={catalogue.data.services} />}
      </Section>
      <Section title="Backups" id="backups">
        <Backups />
      </Section>
      <Section title="Import & export" id="import-export">
        <ImportExport />
      </Section>
    </div>
  );
}

function Webhook({ settings }: { settings: SettingsView }) {
  const url = webhookUrl(settings);
  const port = url ? new URL(url).port || (url.startsWith('https') ? '443' : '80') : null;
  return (
    <div className="webhook">
      <dl className="facts">
        <dt>Webhook URL</dt>
        <dd>
          <code data-testid="settings-webhook-url">{url ?? 'not listening'}</code>
        </dd>
        <dt>Port</dt>
        <dd>{port ?? '—'}</dd>
        <dt>Webhook token</dt>
        <dd>
          {settings.webhook.token_required
            ? 'required: the phone system sends Authorization: Bearer <token>'
            : 'none: the server accepts events from this machine only (loopback)'}
        </dd>
      </dl>
      <ListenerSettings />
      <p className="hint">Appointments go to the same server at /salon/appointment. Send a test call to check the connection; it counts in no figure.</p>
      <TestCallButton />
    </div>
  );
}

/** Before new hours are saved: how many past calls they move across the after-hours line. */
function RecountPreview({ hours }: { hours: (DayHoursView | null)[] }) {
  const preview = useQuery((c) => c.call('previewSettings', { business_hours: hours }), [JSON.stringify(hours)], ['calls']);
  const changes = preview.data;
  if (!changes) return null;
  const moved = changes.became_after_hours + changes.became_in_hours;
  return (
    <p className="hint" data-testid="recount-preview" role="status">
      {moved === 0
        ? 'Saving these hours changes no past call’s after-hours count.'
        : `Saving these hours re-counts ${moved} past ${moved === 1 ? 'call' : 'calls'}: ${changes.became_after_hours} become after-hours, ${changes.became_in_hours} no longer are.`}
    </p>
  );
}

function HoursForm({ hours, saved, onSaved, onEdit }: { hours: (DayHoursView | null)[] } & Confirmation) {
  const fmt = useFormat();
  const [days, setDays] = useState(() => hours.map((d) => ({ open: d !== null, from: d?.open ?? '09:00', to: d?.close ?? '18:00' })));
  const save = useAction((client, business_hours: (DayHoursView | null)[]) => client.call('updateSettings', { business_hours }), ['settings', 'calls', 'metrics']);
  const proposed = days.map((d) => (d.open ? { open: d.from, close: d.to } : null));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(proposed)) onSaved();
  };
  const set = (i: number, change: Partial<(typeof days)[number]>) => {
    onEdit();
    setDays((list) => list.map((d, j) => (j === i ? { ...d, ...change } : d)));
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Business hours">
      <table className="hours">
        <caption className="visually-hidden">Opening hours by weekday</caption>
        <tbody>
          {days.map((d, i) => (
            <tr key={i} data-day={i}>
              <th scope="row">{fmt.weekday(i, 'long')}</th>
              <td>
                <label>
                  <input type="checkbox" checked={d.open} onChange={(e) => set(i, { open: e.target.checked })} /> open
                </label>
              </td>
              <td>
                <input type="time" aria-label={`${fmt.weekday(i, 'long')} opens`} value={d.from} disabled={!d.open} onChange={(e) => set(i, { from: e.target.value })} />
              </td>
              <td>
                <input type="time" aria-label={`${fmt.weekday(i, 'long')} closes`} value={d.to} disabled={!d.open} onChange={(e) => set(i, { to: e.target.value })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">A call counts as after-hours when it starts outside these hours; changing them re-counts past calls.</p>
      {JSON.stringify(proposed) !== JSON.stringify(hours) && <RecountPreview hours={proposed} />}
      <ErrorMessage error={save.error} />
      <p className="success" role="status">
        {saved && 'Business hours saved.'}
      </p>
      <button type="submit" className="primary" disabled={save.pending}>
        Save hours
      </button>
    </form>
  );
}

function ZoneForm({ settings, saved, onSaved, onEdit }: { settings: SettingsView } & Confirmation) {
  const [timezone, setTimezone] = useState(settings.timezone);
  const [region, setRegion] = useState(settings.default_region);
  const zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const save = useAction((client, patch: { timezone: string; default_region: string }) => client.call('updateSettings', patch), ['settings', 'calls', 'metrics', 'appointments']);
  return (
    <form
      noValidate
      aria-label="Time zone and region"
      onChange={onEdit}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await save.run({ timezone, default_region: region.trim().toUpperCase() })) onSaved();
      }}
    >
      <label>
        Time zone (type to search; every day, week and business hour is counted in it)
        <input name="timezone" type="search" list="zones" autoComplete="off" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
        <datalist id="zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <label>
        Phone region (for numbers without a country code)
        <input name="region" value={region} maxLength={2} onChange={(e) => setRegion(e.target.value)} />
      </label>
      <ErrorMessage error={save.error} />
      <p className="success" role="status">
        {saved && 'Saved.'}
      </p>
      <button type="submit" className="primary" disabled={save.pending}>
        Save
      </button>
    </form>
  );
}

/** When the desk is told to ask for a deposit: no-shows plus late cancellations in a year. */
function DepositForm({ threshold, saved, onSaved, onEdit }: { threshold: number } & Confirmation) {
  const [value, setValue] = useState(String(threshold));
  const save = useAction((client, deposit_threshold: number) => client.call('updateSettings', { deposit_threshold }), ['settings', 'customers']);
  return (
    <form
      noValidate
      aria-label="Deposit threshold"
      onChange={onEdit}
      onSubmit={async (e) => {
        e.preventDefault();
        // Sent as typed (a number when it is one): the server says what is wrong with anything else.
        const n = value.trim() === '' ? NaN : Number(value);
        if (await save.run(Number.isFinite(n) ? n : (value as unknown as number))) onSaved();
      }}
    >
      <label>
        Ask for a deposit after this many no-shows and late cancellations (less than 24 hours before the start) in a year; 0 never asks
        <input name="deposit_threshold" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <p className="hint">A customer at or past it is flagged on their profile, on the caller card, and when the desk books for them.</p>
      <ErrorMessage error={save.error} />
      <p className="success" role="status">
        {saved && 'Deposit threshold saved.'}
      </p>
      <button type="submit" className="primary" disabled={save.pending}>
        Save threshold
      </button>
    </form>
  );
}

function ServicesEditor({ services }: { services: ServiceView[] }) {
  return (
    <div className="table-wrap">
      <DataTable className="services" caption="Services, prices and durations" headers={['Service', 'Price ($)', 'Minutes']} actions="Save">
        {services.map((s) => (
          <ServiceRow key={`${s.id}-${s.price_cents}-${s.duration_min}`} service={s} />
        ))}
        <ServiceRow key={`new-${services.length}`} service={null} />
      </DataTable>
      <p className="hint">A price change applies to new bookings; booked appointments keep their price.</p>
    </div>
  );
}

function ServiceRow({ service }: { service: ServiceView | null }) {
  const [name, setName] = useState(service?.name ?? '');
  const [price, setPrice] = useState(service ? (service.price_cents / 100).toFixed(2) : '');
  const [minutes, setMinutes] = useState(service ? String(service.duration_min) : '');
  const save = useAction((client, input: { name: string; price: number; duration_min: number }) => client.call('saveService', input), ['settings']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run({ name, price: Number(price), duration_min: Number(minutes) });
  };
  const formId = `service-${service?.id ?? 'new'}`;
  return (
    <>
      <tr data-service={service?.name ?? 'new'}>
        <td>
          {service ? (
            <span>{service.name}</span>
          ) : (
            <input form={formId} aria-label="New service name" placeholder="New service" value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </td>
        <td>
          <input form={formId} aria-label={`${service?.name ?? 'New service'} price`} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </td>
        <td>
          <input form={formId} aria-label={`${service?.name ?? 'New service'} minutes`} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </td>
        <td>
          <form id={formId} onSubmit={submit} noValidate>
            <button type="submit" disabled={save.pending}>
              {service ? 'Save' : 'Add'}
            </button>
          </form>
        </td>
      </tr>
      {save.error !== undefined && (
        <tr>
          <td colSpan={4}>
            <ErrorMessage error={save.error} />
          </td>
        </tr>
      )}
    </>
  );
}

function IntentEditor({ map, services }: { map: Record<string, string>; services: ServiceView[] }) {
  const [intent, setIntent] = useState('');
  const [service, setService] = useState(services[0]?.name ?? '');
  useEffect(() => {
    if (!service && services[0]) setService(services[0].name);
  }, [services, service]);
  const save = useAction((client, input: { intent: string; service: string }) => client.call('setIntent', input), ['settings']);
  return (
    <div>
      <p className="hint">The phone agent sends an intent code with a call; a booking made with that code books the service it maps to.</p>
      <ErrorMessage error={save.error} />
      <DataTable className="intents" caption="Intent codes and their services" headers={['Intent code', 'Service']}>
        {Object.entries(map).map(([code, name]) => (
          <tr key={code} data-intent={code}>
            <td>
              <code>{code}</code>
            </td>
            <td>
              <select aria-label={`Service for ${code}`} value={name} disabled={save.pending} onChange={(e) => void save.run({ intent: code, service: e.target.value })}>
                {services.map((s) => (
                  <option key={s.id} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </DataTable>
      <form
        className="row"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (await save.run({ intent, service })) setIntent('');
        }}
      >
        <label>
          New intent code <input value={intent} onChange={(e) => setIntent(e.target.value)} placeholder="e.g. BOOK_BLOWOUT" />
        </label>
        <label>
          Service
          <select value={service} onChange={(e) => setService(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={save.pending}>
          Add
        </button>
      </form>
    </div>
  );
}
