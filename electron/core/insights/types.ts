import type { SalonDatabase } from '../db.js';
import type { SalonSettings } from '../settings.js';
import type { Week } from '../time.js';
import type { Finding, Recommendation, WeekFigures } from '../../contract/index.js';

/** Everything a rule may look at: the week, its figures and the four weeks before it, and the database for its own queries. */
export interface InsightContext {
  readonly db: SalonDatabase;
  readonly settings: SalonSettings;
  readonly zone: string;
  readonly week: Week;
  /** The instant the insights describe: the week's end, or now while the week runs. */
  readonly asOf: number;
  /** SALON_ABANDON_SECONDS in ms: a missed call that rang for less was abandoned. */
  readonly abandonMs: number;
  readonly figures: WeekFigures;
  readonly previous: WeekFigures;
  /** The four weeks before this one, oldest first (the last of them is `previous`). */
  readonly prior: readonly WeekFigures[];
  readonly priorWeeks: readonly Week[];
}

export interface RuleOutput {
  findings: Finding[];
  recommendations: Recommendation[];
}

/** One insight rule: a small named unit that reads the context and says what it sees. */
export interface InsightRule {
  readonly name: string;
  run(ctx: InsightContext): RuleOutput;
}

export const nothing = (): RuleOutput => ({ findings: [], recommendations: [] });
