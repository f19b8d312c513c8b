/**
 * The wire contract: every request body and query the API takes, as JSON Schema (TypeBox),
 * with the TypeScript types derived from it. The server validates with these, the IPC
 * transport too, and the renderer imports the types.
 */
import { Type, type Static } from 'typebox';
import { CUSTOMER_SEGMENTS, CUSTOMER_SORTS, type CustomerSegment, type CustomerSort } from './segments.js';

/**
 * Text a person typed: no control characters but tab and newline, no bidirectional overrides or
 * isolates (U+202A–U+202E, U+2066–U+2069: they make a name read backwards), no unpaired surrogate.
 * Written to mean the same with and without the regular expression's `u` flag.
 */
export const PLAIN_TEXT = '^(?:[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$';
/** An id: plain text that is not blank. */
export const ID_TEXT = `^(?=[\\s\\S]*\\S)${PLAIN_TEXT.slice(1)}`;
const PLAIN_TEXT_RE = new RegExp(PLAIN_TEXT, 'u');
export const isPlainText = (text: string) => PLAIN_TEXT_RE.test(text);
export const PLAIN_TEXT_MESSAGE = 'must not contain control characters (but tab and newline), bidirectional overrides or unpaired surrogates';
export const ID_TEXT_MESSAGE = `must not be blank, and ${PLAIN_TEXT_MESSAGE}`;

export const Str = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength, pattern: PLAIN_TEXT });
export const Id = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: ID_TEXT });
const Opt = Type.Optional;

export const CALL_EVENTS = ['started', 'answered', 'ended', 'intent'] as const;
export const END_STATUSES = [
  'answered', 'completed', 'missed', 'no-answer', 'busy', 'canceled', 'cancelled', 'failed', 'voicemail',
] as const;
export const APPOINTMENT_EVENTS = ['booked', 'completed', 'no_show', 'cancelled', 'rescheduled'] as const;
export const APPOINTMENT_STATUSES = ['scheduled', 'completed', 'no_show', 'cancelled'] as const;
export const CALL_OUTCOMES = ['live', 'answered', 'missed'] as const;

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const CallEventBody = Type.Object({
  event: literals(CALL_EVENTS),
  call_sid: Id(128),
  from: Opt(Str(64)),
  to: Opt(Str(64)),
  caller_name: Opt(Str(200)),
  direction: Opt(literals(['inbound', 'outbound'] as const)),
  timestamp: Opt(Str(64)),
  status: Opt(literals(END_STATUSES)),
  duration_sec: Opt(Type.Integer({ minimum: 0, maximum: 86_400 })),
  intent: Opt(Str(64, 1)),
});
export type CallEventBody = Static<typeof CallEventBody>;

/** Seed-style keys that phone systems send, and the name each one stands for. */
export const CALL_ALIASES: Readonly<Record<string, keyof CallEventBody>> = {
  CallSid: 'call_sid',
  From: 'from',
  To: 'to',
  CallerName: 'caller_name',
};

const ALIASES = Object.keys(CALL_ALIASES);

/** Copies aliased keys onto their canonical names (the canonical name wins when both are sent); a body without any is answered as it is. */
export function applyCallAliases(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !ALIASES.some((alias) => alias in body)) return body;
  const out: Record<string, unknown> = { ...body };
  for (const [alias, name] of Object.entries(CALL_ALIASES)) {
    if (alias in out) {
      if (!(name in out)) out[name] = out[alias];
      delete out[alias];
    }
  }
  return out;
}

export const CustomerRef = Type.Object({
  id: Opt(Type.Integer({ minimum: 1 })),
  name: Opt(Str(200)),
  phone: Opt(Str(64)),
  email: Opt(Type.String({ maxLength: 254, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' })),
});

export const AppointmentEventBody = Type.Object({
  event: Opt(literals(APPOINTMENT_EVENTS)),
  appointment_id: Opt(Id(128)),
  call_sid: Opt(Id(128)),
  customer: Opt(CustomerRef),
  service: Opt(Str(100, 1)),
  start: Opt(Str(64)),
  duration_min: Opt(Type.Integer({ minimum: 1, maximum: 1440 })),
  price: Opt(Type.Number({ minimum: 0, maximum: 100_000 })),
  notes: Opt(Str(2000)),
  timestamp: Opt(Str(64)),
});
export type AppointmentEventBody = Static<typeof AppointmentEventBody>;

export const AppointmentPatch = Type.Object(
  {
    status: Opt(literals(APPOINTMENT_STATUSES)),
    start: Opt(Str(64)),
    duration_min: Opt(Type.Integer({ minimum: 1, maximum: 1440 })),
    price: Opt(Type.Number({ minimum: 0, maximum: 100_000 })),
    notes: Opt(Str(2000)),
  },
  { minProperties: 1 },
);
export type AppointmentPatch = Static<typeof AppointmentPatch>;

export const CustomerPatch = Type.Object(
  {
    name: Opt(Str(200)),
    phone: Opt(Str(64, 1)),
    email: Opt(Type.String({ maxLength: 254, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' })),
    notes: Opt(Str(5000)),
  },
  { minProperties: 1 },
);
export type CustomerPatch = Static<typeof CustomerPatch>;

const DateParam = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Bound = Str(64, 1);
const Paging = {
  limit: Opt(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Opt(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
};

export const DashboardQuery = Type.Object({ week: Opt(DateParam) });
export type DashboardQuery = Static<typeof DashboardQuery>;

export const WeeklyQuery = Type.Object({
  weeks_back: Opt(Type.Integer({ minimum: 1, maximum: 520, default: 12 })),
  until: Opt(DateParam),
});
export type WeeklyQuery = Static<typeof WeeklyQuery>;

export const CustomersQuery = Type.Object({
  query: Opt(Str(200)),
  sort: Opt(literals(Object.keys(CUSTOMER_SORTS) as CustomerSort[])),
  order: Opt(literals(['asc', 'desc'] as const)),
  segment: Opt(literals(Object.keys(CUSTOMER_SEGMENTS) as CustomerSegment[])),
  ...Paging,
});
export type CustomersQuery = Static<typeof CustomersQuery>;

export const AppointmentsQuery = Type.Object({
  from: Opt(Bound),
  to: Opt(Bound),
  status: Opt(literals(APPOINTMENT_STATUSES)),
  ...Paging,
});
export type AppointmentsQuery = Static<typeof AppointmentsQuery>;

export const CallsQuery = Type.Object({
  from: Opt(Bound),
  to: Opt(Bound),
  status: Opt(literals(CALL_OUTCOMES)),
  ...Paging,
});
export type CallsQuery = Static<typeof CallsQuery>;

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const AppointmentIdParam = Type.Object({ id: Id(128) });
