import type { SalonDatabase } from './db.js';
import { InputError } from './errors.js';
import { isValidTimeZone, localTime, machineTimeZone } from './time.js';
import { getCountries, type CountryCode } from 'libphonenumber-js';

/** Opening hours of one day, `HH:MM` local, `open` before `close`. */
export interface DayHours {
  readonly open: string;
  readonly close: string;
}

/** Seven entries, Monday first; `null` is a closed day. */
export type BusinessHours = readonly (DayHours | null)[];

/** The salon settings that the core computes with. */
export interface SalonSettings {
  readonly timezone: string;
  readonly default_region: string;
  readonly business_hours: BusinessHours;
  /** No-shows plus late cancellations in a year at which the desk is told to ask for a deposit (0: never). */
  readonly deposit_threshold: number;
}

export type SettingKey = keyof SalonSettings;
export const SETTING_KEYS: readonly SettingKey[] = ['timezone', 'default_region', 'business_hours', 'deposit_threshold'];

export const DEFAULT_DEPOSIT_THRESHOLD = 2;
export const MAX_DEPOSIT_THRESHOLD = 100;

export function defaultBusinessHours(startHour = 9, endHour = 18, days = [0, 1, 2, 3, 4, 5]): BusinessHours {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return Array.from({ length: 7 }, (_, d) =>
    days.includes(d) ? { open: hh(startHour), close: hh(endHour) } : null,
  );
}

export function defaultSettings(): SalonSettings {
  return { timezone: machineTimeZone(), default_region: 'US', business_hours: defaultBusinessHours(), deposit_threshold: DEFAULT_DEPOSIT_THRESHOLD };
}

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const regions = new Set<string>(getCountries());

/** Checks the settings a change names, throwing an InputError that names the first bad one. */
export function validSettings(changes: Partial<Record<SettingKey, unknown>>): Partial<SalonSettings> {
  const valid: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) if (key in changes) valid[key] = validateSetting(key, changes[key]);
  return valid as Partial<SalonSettings>;
}

/** Checks one setting's value, throwing an InputError that names the key. */
export function validateSetting<K extends SettingKey>(key: K, value: unknown): SalonSettings[K] {
  switch (key) {
    case 'timezone':
      if (typeof value !== 'string' || !isValidTimeZone(value)) {
        throw new InputError(key, `"${String(value)}" is not an IANA time zone (for example America/Chicago)`);
      }
      return value as SalonSettings[K];
    case 'default_region':
      if (typeof value !== 'string' || !regions.has(value)) {
        throw new InputError(key, `"${String(value)}" is not a two-letter region code (for example US)`);
      }
      return value as CountryCode as SalonSettings[K];
    case 'business_hours':
      return validateBusinessHours(value) as SalonSettings[K];
    case 'deposit_threshold':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DEPOSIT_THRESHOLD) {
        throw new InputError(key, `must be a whole number of incidents from 0 (never ask) to ${MAX_DEPOSIT_THRESHOLD}`);
      }
      return value as SalonSettings[K];
    default:
      throw new InputError(key, 'is not a setting');
  }
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function validateBusinessHours(value: unknown): BusinessHours {
  if (!Array.isArray(value) || value.length !== 7) {
    throw new InputError('business_hours', 'must list seven days, Monday first');
  }
  return value.map((day: unknown, i) => {
    if (day === null) return null;
    const d = day as Partial<DayHours>;
    if (typeof d?.open !== 'string' || typeof d.close !== 'string' || !HHMM.test(d.open) || !HHMM.test(d.close)) {
      throw new InputError(`business_hours[${i}]`, 'must be null (closed) or {"open": "HH:MM", "close": "HH:MM"}', `${WEEKDAY_NAMES[i]}'s hours: give an opening and a closing time, or mark the day closed`);
    }
    if (minutes(d.open) >= minutes(d.close)) {
      throw new InputError(`business_hours[${i}]`, 'opens at or after it closes', `${WEEKDAY_NAMES[i]}'s hours: the salon opens at ${d.open} and closes at ${d.close}; the opening time must come first`);
    }
    return { open: d.open, close: d.close };
  });
}

/** Whether an instant falls outside [open, close) of an open day, in the salon's zone. */
export function isAfterHours(ms: number, settings: SalonSettings): boolean {
  const { weekday, minuteOfDay } = localTime(ms, settings.timezone);
  const day = settings.business_hours[weekday];
  return !day || minuteOfDay < minutes(day.open) || minuteOfDay >= minutes(day.close);
}

export function readSavedSettings(db: SalonDatabase): Partial<SalonSettings> {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const saved: Record<string, unknown> = {};
  for (const { key, value } of rows) {
    if ((SETTING_KEYS as readonly string[]).includes(key)) saved[key] = JSON.parse(value);
  }
  return saved as Partial<SalonSettings>;
}

export function saveSettings(db: SalonDatabase, changes: Partial<SalonSettings>): void {
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(changes)) put.run(key, JSON.stringify(value));
}
