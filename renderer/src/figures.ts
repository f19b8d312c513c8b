/** The figures of SPEC §2: what each one is called on screen, what it means, and how it is shown. */
import type { FigureName } from '../../electron/contract/index.js';
import type { Formatter } from './format.js';

export type FigureKind = 'count' | 'rate' | 'money' | 'seconds';

export interface FigureInfo {
  label: string;
  kind: FigureKind;
  /** The definition, as SPEC §2 gives it. */
  definition: string;
  /** True when a rise is bad news (missed calls, no-shows…), for the colour of the change. */
  lowerIsBetter?: boolean;
  /** Neither a rise nor a fall is good or bad news in itself. */
  neutral?: boolean;
}

export const FIGURES: Record<FigureName, FigureInfo> = {
  calls_total: { label: 'Calls', kind: 'count', definition: 'Inbound calls that started in the week (test calls and outbound calls are left out).' },
  calls_answered: { label: 'Answered', kind: 'count', definition: 'Calls of the week that a person or the phone agent picked up.' },
  calls_missed: {
    label: 'Missed',
    kind: 'count',
    lowerIsBetter: true,
    definition: 'Calls of the week that ended without being answered: missed, no-answer, busy, canceled, failed, voicemail, or completed with duration 0. Live calls are neither answered nor missed.',
  },
  calls_after_hours: {
    label: 'After hours',
    kind: 'count',
    neutral: true,
    definition: "Calls of the week whose local start time is outside business hours: before opening, from closing time on, or on a closed day.",
  },
  avg_call_duration_sec: { label: 'Average call', kind: 'seconds', neutral: true, definition: 'Mean duration of the answered calls that ended; 0 when none.' },
  answer_rate: { label: 'Answer rate', kind: 'rate', definition: 'Answered ÷ (answered + missed) calls of the week; 0 when none.' },
  calls_converted: {
    label: 'Calls that booked',
    kind: 'count',
    definition: 'Calls of the week with at least one appointment linked to them by call_sid, whatever became of it.',
  },
  conversion_rate: { label: 'Conversion', kind: 'rate', definition: 'Calls that booked ÷ calls of the week; 0 when none.' },
  appointments_booked: { label: 'Booked', kind: 'count', definition: 'Appointments created (booked) in the week, whenever they start.' },
  appointments_scheduled: { label: 'Scheduled', kind: 'count', definition: 'Appointments starting in the week, any status.' },
  appointments_completed: { label: 'Completed', kind: 'count', definition: 'Appointments starting in the week that were completed.' },
  no_shows: { label: 'No-shows', kind: 'count', lowerIsBetter: true, definition: 'Appointments starting in the week marked no-show.' },
  cancellations: { label: 'Cancellations', kind: 'count', lowerIsBetter: true, definition: 'Appointments starting in the week that were cancelled.' },
  no_show_rate: { label: 'No-show rate', kind: 'rate', lowerIsBetter: true, definition: 'No-shows ÷ appointments scheduled in the week; 0 when none.' },
  cancellation_rate: {
    label: 'Cancellation rate',
    kind: 'rate',
    lowerIsBetter: true,
    definition: 'Cancellations ÷ appointments scheduled in the week; 0 when none.',
  },
  revenue_cents: { label: 'Revenue', kind: 'money', definition: 'Sum of the prices of the completed appointments that start in the week.' },
  revenue_per_appointment_cents: {
    label: 'Revenue per appointment',
    kind: 'money',
    definition: 'Revenue ÷ completed appointments of the week, rounded to the cent; 0 when none.',
  },
  customers_served: { label: 'Customers served', kind: 'count', definition: 'Distinct customers with a completed appointment in the week.' },
  new_customers: { label: 'New customers', kind: 'count', definition: 'Customers whose first visit (earliest completed appointment) is in the week.' },
  returning_customers: { label: 'Returning customers', kind: 'count', definition: 'Customers served − new customers.' },
  retention_rate: { label: 'Retention', kind: 'rate', definition: 'Returning customers ÷ customers served in the week; 0 when none.' },
};

export const GROWTH_DEFINITION =
  'Change against last week: (this week − last week) ÷ last week, none when last week was 0; a rate changes by percentage points (this week − last week). While the week is in progress, last week counts up to the same day and time.';

/** A figure's change on screen: a rate's in percentage points ("+4.2 pts"), any other's relative ("+12%"). */
export function formatChange(name: FigureName, current: number, previous: number, fmt: Formatter): string {
  return FIGURES[name].kind === 'rate' ? fmt.points(current - previous) : fmt.change((current - previous) / previous);
}

/** A projection claims no more than it knows: whole dollars, whole calls. */
export function formatProjection(name: FigureName, value: number, fmt: Formatter): string {
  return FIGURES[name].kind === 'money' ? fmt.wholeMoney(value) : formatFigure(name, value, fmt);
}

export function formatFigure(name: FigureName, value: number, fmt: Formatter): string {
  switch (FIGURES[name].kind) {
    case 'money':
      return fmt.money(value);
    case 'rate':
      return fmt.percent(value);
    case 'seconds':
      return fmt.duration(value);
    default:
      return fmt.count(value);
  }
}
