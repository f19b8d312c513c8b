import { cached, type SalonDatabase } from './db.js';
import { InputError } from './errors.js';

export interface Service {
  readonly id: number;
  readonly name: string;
  readonly price_cents: number;
  readonly duration_min: number;
}

/** The catalogue a new database starts with, and the env variable that overrides each price. */
export const DEFAULT_SERVICES: readonly { name: string; price_cents: number; duration_min: number; priceEnv?: string }[] = [
  { name: 'Haircut', price_cents: 4500, duration_min: 45, priceEnv: 'HAIRCUT_PRICE' },
  { name: 'Hair Color', price_cents: 12000, duration_min: 120, priceEnv: 'COLOR_PRICE' },
  { name: 'Highlights', price_cents: 15000, duration_min: 150, priceEnv: 'HIGHLIGHTS_PRICE' },
  { name: 'Perm', price_cents: 8000, duration_min: 120, priceEnv: 'PERM_PRICE' },
  { name: 'Blowout', price_cents: 3500, duration_min: 30, priceEnv: 'BLOWOUT_PRICE' },
  { name: 'Hair Treatment', price_cents: 6500, duration_min: 60, priceEnv: 'TREATMENT_PRICE' },
  { name: 'Consultation', price_cents: 0, duration_min: 15 },
];

export const DEFAULT_INTENT_MAP: Readonly<Record<string, string>> = {
  EMERGENCY_FIX: 'Haircut',
  CLOG_BLOCKAGE: 'Hair Treatment',
  LEAKING_FIXTURE: 'Hair Color',
  INSTALL_REQUEST: 'Highlights',
  WATER_HEATER_ISSUE: 'Perm',
  QUOTE_REQUEST: 'Consultation',
};

/** Fills an empty catalogue and intent map with the defaults. */
export function seedServices(db: SalonDatabase): void {
  const { n } = cached(db, 'SELECT count(*) AS n FROM services').get() as { n: number };
  if (n > 0) return;
  const insert = cached(db, 'INSERT INTO services (name, price_cents, duration_min) VALUES (?, ?, ?)');
  for (const s of DEFAULT_SERVICES) insert.run(s.name, s.price_cents, s.duration_min);
  const map = cached(db, 'INSERT INTO intent_map (intent, service_id) SELECT ?, id FROM services WHERE name = ?');
  for (const [intent, name] of Object.entries(DEFAULT_INTENT_MAP)) map.run(intent, name);
}

/** Dollars (at most two decimals) to integer cents. */
export function dollarsToCents(dollars: number, field: string): number {
  const cents = Math.round(dollars * 100);
  if (!Number.isFinite(dollars) || dollars < 0 || Math.abs(cents - dollars * 100) > 1e-6) {
    throw new InputError(field, `${dollars} is not an amount in dollars and cents`);
  }
  return cents;
}

export class ServiceCatalogue {
  constructor(private readonly db: SalonDatabase) {}

  list(): Service[] {
    return cached(this.db, 'SELECT id, name, price_cents, duration_min FROM services ORDER BY name').all() as Service[];
  }

  intentMap(): Record<string, string> {
    const rows = cached(this.db, 'SELECT m.intent, s.name FROM intent_map m JOIN services s ON s.id = m.service_id ORDER BY m.intent')
      .all() as { intent: string; name: string }[];
    return Object.fromEntries(rows.map((r) => [r.intent, r.name]));
  }

  byId(id: number): Service | undefined {
    return cached(this.db, 'SELECT id, name, price_cents, duration_min FROM services WHERE id = ?').get(id) as
      | Service
      | undefined;
  }

  /** A service by its name (any case) or by an intent code that maps to it. */
  resolve(nameOrIntent: string, field = 'service'): Service {
    const service = (cached(this.db, 'SELECT id, name, price_cents, duration_min FROM services WHERE name = ?')
      .get(nameOrIntent) ??
      cached(this.db,
          'SELECT s.id, s.name, s.price_cents, s.duration_min FROM intent_map m JOIN services s ON s.id = m.service_id WHERE m.intent = ?',
        )
        .get(nameOrIntent.toUpperCase())) as Service | undefined;
    if (!service) throw new InputError(field, `"${nameOrIntent}" is neither a service nor an intent code`);
    return service;
  }

  /** Prices given in the environment (dollars) win over the saved ones. */
  applyPriceOverrides(env: Readonly<Record<string, string | undefined>>): void {
    const update = cached(this.db, 'UPDATE services SET price_cents = ? WHERE name = ?');
    for (const s of DEFAULT_SERVICES) {
      const raw = s.priceEnv ? env[s.priceEnv] : undefined;
      if (raw === undefined || raw === '') continue;
      update.run(dollarsToCents(Number(raw), s.priceEnv!), s.name);
    }
  }

  upsert(service: { name: string; price_cents: number; duration_min: number }): Service {
    cached(this.db,
        `INSERT INTO services (name, price_cents, duration_min) VALUES (@name, @price_cents, @duration_min)
         ON CONFLICT(name) DO UPDATE SET price_cents = excluded.price_cents, duration_min = excluded.duration_min`,
      )
      .run(service);
    return this.resolve(service.name);
  }

  setIntent(intent: string, serviceName: string): void {
    const service = this.resolve(serviceName);
    cached(this.db, 'INSERT INTO intent_map (intent, service_id) VALUES (?, ?) ON CONFLICT(intent) DO UPDATE SET service_id = excluded.service_id')
      .run(intent.toUpperCase(), service.id);
  }
}
