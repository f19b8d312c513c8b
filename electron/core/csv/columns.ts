/**
 * Which column of a booking system's CSV export holds which of our fields.
 *
 * The column names of Square Appointments, Vagaro and Fresha below are BEST-EFFORT: they are
 * what those products' customer and appointment exports typically contain, as far as we know
 * them, and the vendors rename columns from time to time. Headers are compared after
 * normalisation (lower case, letters and digits only: "Customer Phone #" = "customerphone"),
 * so spacing, case and punctuation never matter.
 *
 * To teach the importer a new column name, add it to the alias list of its field in the
 * source's map below (the first alias found in a file wins, so put the best one first); to
 * add a booking system, add a map and its id to SOURCE_IDS. An unknown column is never an
 * error: it is listed as ignored in the preview.
 */

export const SOURCE_IDS = ['square', 'vagaro', 'fresha', 'generic'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export const SOURCE_NAMES: Record<SourceId, string> = {
  square: 'Square Appointments',
  vagaro: 'Vagaro',
  fresha: 'Fresha',
  generic: 'Salon Front Desk (our own column names)',
};

export const KINDS = ['appointments', 'customers'] as const;
export type ImportKind = (typeof KINDS)[number];

/** Our fields; a source maps each to the columns that may hold it, best first. */
export type Field =
  | 'appointment_id'
  | 'start' // a date and time in one cell (ISO with offset, or local)
  | 'date' // a local date
  | 'time' // a local time of day
  | 'end_time' // a local time of day; gives the duration when there is no duration column
  | 'duration'
  | 'customer_name'
  | 'first_name'
  | 'last_name'
  | 'phone'
  | 'email'
  | 'service'
  | 'price' // dollars (or the file's currency), any common format
  | 'price_cents'
  | 'status'
  | 'booked_at' // when the booking was made (date, or date and time)
  | 'status_at' // when it was completed, cancelled or marked no-show
  | 'staff'
  | 'notes'
  | 'call_sid'
  | 'is_test'
  | 'first_seen_at'; // customers: "customer since"

export type ColumnMap = Partial<Record<Field, readonly string[]>>;

export interface SourceMap {
  id: SourceId;
  /** Column names that only this source uses: they decide detection when several sources fit. */
  signature: readonly string[];
  appointments: ColumnMap;
  customers: ColumnMap;
}

const SQUARE: SourceMap = {
  id: 'square',
  signature: ['Square Customer ID', 'Creation Source', 'Instant Profile', 'Email Subscription Status', 'Customer Phone', 'Seller Note', 'Reference ID'],
  appointments: {
    appointment_id: ['Appointment ID', 'Booking ID', 'ID'],
    start: ['Start', 'Start Date & Time', 'Appointment Time'],
    date: ['Date', 'Appointment Date', 'Start Date'],
    time: ['Time', 'Start Time'],
    end_time: ['End Time'],
    duration: ['Duration', 'Duration (minutes)', 'Duration (mins)', 'Length'],
    customer_name: ['Customer Name', 'Customer', 'Client Name', 'Name'],
    first_name: ['Customer First Name', 'First Name'],
    last_name: ['Customer Last Name', 'Last Name'],
    phone: ['Customer Phone', 'Customer Phone Number', 'Phone Number', 'Phone', 'Mobile'],
    email: ['Customer Email', 'Customer Email Address', 'Email Address', 'Email'],
    service: ['Service', 'Service Name', 'Services', 'Item', 'Item Name'],
    price: ['Price', 'Service Price', 'Amount', 'Total', 'Gross Sales'],
    status: ['Status', 'Appointment Status', 'Booking Status'],
    booked_at: ['Created', 'Created At', 'Date Created', 'Booked At', 'Booking Created'],
    status_at: ['Cancelled At', 'Canceled At', 'Updated At'],
    staff: ['Staff', 'Staff Member', 'Team Member', 'Employee'],
    notes: ['Notes', 'Appointment Note', 'Customer Note', 'Seller Note', 'Note'],
  },
  customers: {
    customer_name: ['Customer Name', 'Name', 'Display Name'],
    first_name: ['First Name', 'Given Name'],
    last_name: ['Last Name', 'Family Name', 'Surname'],
    phone: ['Phone Number', 'Phone', 'Mobile Phone', 'Mobile'],
    email: ['Email Address', 'Email'],
    notes: ['Memo', 'Notes', 'Note'],
    first_seen_at: ['Creation Date', 'Created', 'Created At', 'Customer Since', 'First Visit'],
  },
};

const VAGARO: SourceMap = {
  id: 'vagaro',
  signature: ['Service Provider', 'Cell Phone', 'Customer Since', 'Booked By', 'Booked Date', 'Appt Date', 'Appt Time', 'Referred By'],
  appointments: {
    appointment_id: ['Appointment ID', 'Appt ID', 'Appt #', 'Booking ID', 'Confirmation #'],
    start: ['Appointment Date/Time', 'Start Date/Time', 'Appt Date/Time'],
    date: ['Appointment Date', 'Appt Date', 'Service Date', 'Date'],
    time: ['Start Time', 'Appt Time', 'Appointment Time', 'Time'],
    end_time: ['End Time'],
    duration: ['Duration', 'Service Duration', 'Length'],
    customer_name: ['Customer Name', 'Customer', 'Client Name', 'Client'],
    first_name: ['Customer First Name', 'First Name'],
    last_name: ['Customer Last Name', 'Last Name'],
    phone: ['Cell Phone', 'Mobile Phone', 'Customer Phone', 'Phone', 'Home Phone', 'Work Phone'],
    email: ['Customer Email', 'Email'],
    service: ['Service', 'Service Name', 'Service Title', 'Services'],
    price: ['Price', 'Service Price', 'Amount', 'Service Amount', 'Total'],
    status: ['Status', 'Appointment Status', 'Appt Status'],
    booked_at: ['Booked Date', 'Booked On', 'Booking Date', 'Date Booked', 'Created Date'],
    status_at: ['Cancelled Date', 'Cancel Date', 'Canceled Date'],
    staff: ['Service Provider', 'Provider', 'Employee', 'Staff'],
    notes: ['Notes', 'Appointment Notes', 'Customer Notes', 'Comments'],
  },
  customers: {
    customer_name: ['Customer Name', 'Customer', 'Name'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    phone: ['Cell Phone', 'Mobile Phone', 'Phone', 'Home Phone', 'Work Phone'],
    email: ['Email', 'Email Address'],
    notes: ['Notes', 'Customer Notes', 'Comments'],
    first_seen_at: ['Customer Since', 'Date Added', 'Created Date', 'Member Since'],
  },
};

const FRESHA: SourceMap = {
  id: 'fresha',
  signature: ['Ref #', 'Ref', 'Team Member', 'Scheduled Date', 'Scheduled Time', 'Mobile Number', 'Client ID', 'Blocked', 'Added', 'Channel'],
  appointments: {
    appointment_id: ['Ref #', 'Ref', 'Reference', 'Booking Ref', 'Appointment Ref'],
    start: ['Scheduled Date & Time', 'Scheduled At', 'Start Time & Date'],
    date: ['Scheduled Date', 'Date', 'Appointment Date'],
    time: ['Scheduled Time', 'Time', 'Start Time'],
    end_time: ['End Time'],
    duration: ['Duration'],
    customer_name: ['Client', 'Client Name', 'Customer'],
    first_name: ['Client First Name', 'First Name'],
    last_name: ['Client Last Name', 'Last Name'],
    phone: ['Client Mobile', 'Mobile Number', 'Client Phone', 'Mobile', 'Phone', 'Telephone'],
    email: ['Client Email', 'Email'],
    service: ['Service', 'Service Name', 'Services'],
    price: ['Price', 'Total', 'Amount', 'Gross Total'],
    status: ['Status', 'Appointment Status'],
    booked_at: ['Created Date', 'Created At', 'Created', 'Booked Date'],
    status_at: ['Cancelled Date', 'Cancellation Date'],
    staff: ['Team Member', 'Staff', 'Staff Member'],
    notes: ['Notes', 'Appointment Notes', 'Booking Notes'],
  },
  customers: {
    customer_name: ['Full Name', 'Client Name', 'Client', 'Name'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    phone: ['Mobile Number', 'Mobile', 'Telephone', 'Phone'],
    email: ['Email', 'Email Address'],
    notes: ['Note', 'Notes', 'Client Notes'],
    first_seen_at: ['Added', 'Created Date', 'Client Since', 'Date Added'],
  },
};

/** Our own column names: what `npm run export` writes, and what a hand-made file should use. */
const GENERIC: SourceMap = {
  id: 'generic',
  signature: ['appointment_id', 'start_utc', 'start_local', 'customer_phone', 'price_cents', 'booked_at_utc', 'first_seen_at_utc', 'customer_id'],
  appointments: {
    appointment_id: ['appointment_id'],
    start: ['start_utc', 'start_local', 'start'],
    date: ['date'],
    time: ['time'],
    end_time: ['end_time'],
    duration: ['duration_min', 'duration'],
    customer_name: ['customer_name', 'name'],
    first_name: ['first_name'],
    last_name: ['last_name'],
    phone: ['customer_phone', 'phone'],
    email: ['customer_email', 'email'],
    service: ['service'],
    price_cents: ['price_cents'],
    price: ['price'],
    status: ['status'],
    booked_at: ['booked_at_utc', 'booked_at_local', 'booked_at'],
    status_at: ['status_at_utc', 'status_at_local', 'status_at'],
    staff: ['staff'],
    notes: ['notes'],
    call_sid: ['call_sid'],
    is_test: ['is_test'],
  },
  customers: {
    customer_name: ['name', 'customer_name'],
    first_name: ['first_name'],
    last_name: ['last_name'],
    phone: ['phone', 'customer_phone'],
    email: ['email', 'customer_email'],
    notes: ['notes'],
    first_seen_at: ['first_seen_at_utc', 'first_seen_at_local', 'first_seen_at'],
    is_test: ['is_test'],
  },
};

export const SOURCES: Record<SourceId, SourceMap> = { square: SQUARE, vagaro: VAGARO, fresha: FRESHA, generic: GENERIC };

/** "Customer Phone #" → "customerphone": how headers are compared. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Which columns (by index) hold each field, best first, and which columns no field uses. */
export interface Mapping {
  source: SourceId;
  kind: ImportKind;
  columns: Partial<Record<Field, number[]>>;
  headers: string[];
  ignored: string[];
}

export function mapColumns(headers: readonly string[], source: SourceId, kind: ImportKind): Mapping {
  const normalized = headers.map(normalizeHeader);
  const used = new Set<number>();
  const columns: Mapping['columns'] = {};
  const map = SOURCES[source][kind];
  for (const [field, aliases] of Object.entries(map) as [Field, readonly string[]][]) {
    const indexes: number[] = [];
    for (const alias of aliases) {
      const wanted = normalizeHeader(alias);
      normalized.forEach((h, i) => {
        if (h === wanted && !used.has(i) && !indexes.includes(i)) indexes.push(i);
      });
    }
    if (indexes.length) {
      columns[field] = indexes;
      for (const i of indexes) used.add(i);
    }
  }
  return { source, kind, columns, headers: [...headers], ignored: headers.filter((h, i) => !used.has(i) && h.trim() !== '') };
}

const has = (m: Mapping, ...fields: Field[]) => fields.some((f) => m.columns[f]?.length);

/** Whether a mapping can carry rows of its kind at all. */
export function usable(m: Mapping): boolean {
  const named = has(m, 'customer_name', 'first_name', 'last_name');
  // Customers are matched by phone: a customer file without a phone column cannot be imported.
  if (m.kind === 'customers') return has(m, 'phone') && (named || has(m, 'email'));
  return has(m, 'start', 'date') && has(m, 'service') && (has(m, 'phone') || named);
}

export interface Detection {
  mapping: Mapping;
  /** Every candidate's score, for the message when detection fails. */
  scores: { source: SourceId; kind: ImportKind; score: number }[];
}

/**
 * The source and kind whose columns best fit a header row: one point per column it maps,
 * three per signature column. Appointments win over customers when both fit (an appointments
 * file also names its customers); on a tie the first source listed wins (ours last).
 */
export function detect(headers: readonly string[], only?: { source?: SourceId | undefined; kind?: ImportKind | undefined }): Detection | null {
  // Signatures compare more strictly (case and surrounding spaces only): "customer_phone" is
  // ours, "Customer Phone" is Square's, though both map to the phone field.
  const strict = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase();
  const exact = new Set(headers.map(strict));
  const scores: Detection['scores'] = [];
  let best: { mapping: Mapping; score: number } | null = null;
  for (const source of SOURCE_IDS) {
    if (only?.source && only.source !== source) continue;
    const signature = SOURCES[source].signature.filter((s) => exact.has(strict(s))).length;
    for (const kind of KINDS) {
      if (only?.kind && only.kind !== kind) continue;
      const mapping = mapColumns(headers, source, kind);
      if (!usable(mapping)) continue;
      const mapped = Object.values(mapping.columns).reduce((n, c) => n + c.length, 0);
      const score = mapped + 3 * signature + (kind === 'appointments' ? 0.5 : 0);
      scores.push({ source, kind, score });
      if (!best || score > best.score) best = { mapping, score };
    }
  }
  return best ? { mapping: best.mapping, scores: scores.sort((a, b) => b.score - a.score) } : null;
}
