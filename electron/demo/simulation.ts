import type { AppointmentEventBody, CallEventBody } from '../contract/index.js';
import type { BusinessHours } from '../core/settings.js';
import type { Service } from '../core/services.js';
import { SalonCalendar, occasionSeason, seasonality, type Day } from './calendar.js';
import { TimeHeap } from './heap.js';
import {
  APPOINTMENT_DAY_WEIGHT,
  APPOINTMENT_HOURS,
  CALL_DAY_FACTOR,
  CALL_HOURS,
  DEFAULT_INTERVAL_WEEKS,
  FIRST_VISIT_CONSULTATION,
  MODEL,
  OTHER_SERVICE_WEIGHT,
  SERVICE_WEIGHTS,
  VISIT_INTERVAL_WEEKS,
  missedChance,
} from './model.js';
import { FIRST_VISIT_NOTES, PeopleFactory, STYLISTS, VISIT_NOTES, deskFormat, type Person } from './people.js';
import { Random } from './random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEAR = 365.25 * DAY;

/** One event for the core, at the moment it happened. */
export type DemoEvent =
  | { readonly at: number; readonly seq: number; readonly kind: 'call'; readonly body: CallEventBody }
  | { readonly at: number; readonly seq: number; readonly kind: 'appointment'; readonly body: AppointmentEventBody };

export interface SimulationInput {
  seed: number;
  /** The end of history: nothing happens after it; appointments after it stay scheduled. */
  now: number;
  /** Start of the first week (Monday 00:00 local). */
  firstMondayMs: number;
  timezone: string;
  businessHours: BusinessHours;
  services: readonly Service[];
  /** Service name → the intent code the phone agent reports for it. */
  intentByService: Readonly<Record<string, string>>;
}

type Kind = 'regular' | 'occasional' | 'once';
type Outcome = 'completed' | 'no_show' | 'cancelled';
type CallKind = 'booking' | 'inquiry' | 'change' | 'junk';

interface Client {
  readonly person: Person;
  readonly kind: Kind;
  readonly usual: Service;
  readonly intervalDays: number;
  /** The weekday they like to come in on. */
  readonly weekday: number;
  /** Chance of booking the next visit at the desk on the way out. */
  readonly checkoutRebook: number;
  readonly walkInShare: number;
  readonly leavesAt: number;
  readonly stylist: string | null;
  readonly callerId: boolean;
  visits: number;
  left: boolean;
}

type Task =
  | {
      readonly at: number;
      readonly seq: number;
      readonly type: 'bookingCall';
      readonly client: Client;
      readonly wantDay: number;
      readonly attempt: number;
      /** A one-off visit for an occasion (a party, a prom): its own service, outside the client's rhythm. */
      readonly occasion?: Service;
    }
  | { readonly at: number; readonly seq: number; readonly type: 'walkIn'; readonly client: Client }
  | { readonly at: number; readonly seq: number; readonly type: 'checkout'; readonly client: Client; readonly wantDay: number };

interface PlacedCall {
  sid: string;
  answered: boolean;
  /** When the talking started (answered calls). */
  pickedUpAt: number;
  talkMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The demo salon, simulated day by day: first-time clients, regulars on their own rhythm,
 * calls with their peaks and misses, bookings, walk-ins and what became of each appointment.
 * Every decision is taken in time order, so each produces events at or after its moment; a
 * week's events are final once the simulation has passed the week, and go to the writer then.
 */
export class Simulation {
  private readonly r: Random;
  private readonly cal: SalonCalendar;
  private readonly people: PeopleFactory;
  private readonly tasks = new TimeHeap<Task>();
  private readonly out = new TimeHeap<DemoEvent>();
  private readonly regulars: Client[] = [];
  private readonly recent: Client[] = [];
  private recentNext = 0;
  private seq = 0;
  private calls = 0;
  private appointments = 0;
  private weekLevel = 1;

  private readonly bookable: Service[];
  private readonly bookableWeights: number[];
  private readonly short: Service[];
  /** What an occasion calls for: a blowout, or the quickest service. */
  private readonly styling: Service | undefined;
  private readonly consultation: Service | undefined;
  private readonly quoteIntent: string | undefined;
  private readonly openWeekdays: number[];

  constructor(private readonly input: SimulationInput) {
    this.r = new Random(input.seed);
    this.cal = new SalonCalendar(input.timezone, input.businessHours, input.firstMondayMs);
    this.people = new PeopleFactory(this.r);
    if (input.services.length === 0) throw new Error('the service catalogue is empty: nothing to book');
    this.consultation = input.services.find((s) => s.name.toLowerCase() === 'consultation');
    this.bookable = input.services.filter((s) => s !== this.consultation);
    if (this.bookable.length === 0) this.bookable = [...input.services];
    this.bookableWeights = this.bookable.map((s) => SERVICE_WEIGHTS[s.name] ?? OTHER_SERVICE_WEIGHT);
    this.short = this.bookable.filter((s) => s.duration_min <= 60);
    this.styling = this.bookable.find((s) => s.name.toLowerCase() === 'blowout') ?? this.short[0];
    this.quoteIntent = this.consultation ? input.intentByService[this.consultation.name] : undefined;
    this.openWeekdays = input.businessHours.flatMap((h, d) => (h ? [d] : []));
    if (this.openWeekdays.length === 0) throw new Error('the salon is closed every day: set business hours first');
  }

  /** Runs the whole history; `flush` gets each week's events in time order (the last week up to now). */
  run(flush: (events: DemoEvent[]) => void): void {
    const { now } = this.input;
    this.seedRegulars();
    for (let index = 0; ; index++) {
      const day = this.cal.day(index);
      if (day.baseMs > now) break;
      if (day.weekday === 0) this.weekLevel = this.r.logNormal(1, 0.06);
      this.generateDay(day);
      const end = Math.min(this.cal.day(index + 1).baseMs, now + 1);
      for (let task = this.tasks.peek(); task && task.at < end; task = this.tasks.peek()) this.perform(this.tasks.pop()!);
      if (day.weekday === 6 || end === now + 1) flush(this.out.popBefore(end));
    }
  }

  // ---- the flow of people ----

  private level(day: Day): number {
    const growth = (1 + MODEL.growthPerYear) ** ((day.baseMs - this.input.now) / YEAR);
    const winter = day.month === 12 || day.month <= 2;
    const storm = winter && this.r.chance(0.03) ? 0.45 : 1;
    return growth * seasonality(day) * this.weekLevel * storm * (day.holiday ? 0.4 : 1);
  }

  private generateDay(day: Day): void {
    const level = this.level(day);
    const factor = CALL_DAY_FACTOR[day.weekday]! / 7;
    const newcomers = this.r.poisson(MODEL.newClientsPerWeek * factor * level);
    for (let i = 0; i < newcomers; i++) this.newClient(day);
    const inquiries = this.r.poisson(MODEL.inquiryCallsPerWeek * factor * level);
    for (let i = 0; i < inquiries; i++) this.inquiry(this.callTime(day));
    const junk = this.r.poisson(MODEL.junkCallsPerWeek * factor);
    for (let i = 0; i < junk; i++) this.junkCall(this.callTime(day));
    const occasions = this.r.poisson((MODEL.occasionVisitsPerWeek / 7) * occasionSeason(day) * level);
    for (let i = 0; i < occasions; i++) this.occasion(day);
  }

  /** A regular books a styling for an event: the holiday parties in December, proms and weddings in late spring. */
  private occasion(day: Day): void {
    const client = this.activeRegular();
    if (!client || !this.styling) return;
    this.schedule({ at: this.callTime(day), seq: 0, type: 'bookingCall', client, wantDay: day.index + this.r.int(2, 12), attempt: 1, occasion: this.styling });
  }

  /** The clientele the salon already had when the history starts: regulars at every point of their rhythm. */
  private seedRegulars(): void {
    const first = this.cal.day(0);
    const growth = (1 + MODEL.growthPerYear) ** ((first.baseMs - this.input.now) / YEAR);
    const count = Math.round(MODEL.newClientsPerWeek * MODEL.regularShare * MODEL.regularLifetimeWeeks * growth * 0.9);
    for (let i = 0; i < count; i++) {
      const client = this.makeClient('regular', first.baseMs);
      client.visits = 1;
      const wantDay = this.r.int(0, client.intervalDays);
      this.planVisit(client, wantDay, first.baseMs + this.r.next() * wantDay * DAY);
    }
  }

  private makeClient(kind: Kind, at: number): Client {
    const r = this.r;
    const usual = this.bookable[r.weightedIndex(this.bookableWeights)]!;
    const [lo, hi] = VISIT_INTERVAL_WEEKS[usual.name] ?? DEFAULT_INTERVAL_WEEKS;
    const weekday = this.openWeekdays[r.weightedIndex(this.openWeekdays.map((d) => APPOINTMENT_DAY_WEIGHT[d]!))]!;
    const client: Client = {
      person: this.people.person(MODEL.emailShare),
      kind,
      usual,
      intervalDays: Math.round(r.uniform(lo, hi) * 7),
      weekday,
      checkoutRebook: kind === 'regular' ? r.uniform(0, 0.7) : 0.1,
      walkInShare: usual.duration_min <= 60 ? r.uniform(0, 0.16) : 0.01,
      leavesAt: kind === 'regular' ? at + r.exponential(MODEL.regularLifetimeWeeks) * WEEK : Infinity,
      stylist: r.chance(0.6) ? r.pick(STYLISTS) : null,
      callerId: r.chance(MODEL.callerIdName),
      visits: 0,
      left: false,
    };
    if (kind === 'regular') this.regulars.push(client);
    return client;
  }

  private newClient(day: Day): void {
    const r = this.r;
    const roll = r.next();
    const kind: Kind = roll < MODEL.regularShare ? 'regular' : roll < MODEL.regularShare + MODEL.occasionalShare ? 'occasional' : 'once';
    const at = this.callTime(day);
    const client = this.makeClient(kind, at);
    const how = r.next();
    if (how < MODEL.newClientWalkIn && day.hours) {
      const arrival = this.walkInTime(day, this.walkInService(client).duration_min, day.baseMs);
      if (arrival !== null) return this.schedule({ at: arrival, seq: 0, type: 'walkIn', client });
    }
    if (how > 1 - MODEL.newClientAsksFirst) {
      // Rings to ask about prices first, and calls back to book a few days later.
      this.call(at, client.person, client.callerId, 'inquiry', this.quoteIntent);
      const later = this.cal.day(day.index + r.int(1, 10));
      const callAt = this.callTime(later);
      return this.schedule({ at: callAt, seq: 0, type: 'bookingCall', client, wantDay: later.index + this.leadDays(), attempt: 1 });
    }
    this.schedule({ at, seq: 0, type: 'bookingCall', client, wantDay: day.index + this.leadDays(), attempt: 1 });
  }

  private schedule(task: Task): void {
    this.tasks.push({ ...task, seq: this.seq++ });
  }

  private perform(task: Task): void {
    switch (task.type) {
      case 'bookingCall':
        return this.bookingCall(task.client, task.at, task.wantDay, task.attempt, task.occasion);
      case 'walkIn': {
        const service = this.walkInService(task.client);
        const start = task.at + this.r.int(0, 20) * MINUTE;
        return this.book(task.client, service, task.at, start, null, 'walk-in');
      }
      case 'checkout': {
        const service = this.serviceFor(task.client);
        const start = this.chooseStart(task.client, task.wantDay, task.at + DAY, service.duration_min);
        return this.book(task.client, service, task.at, start, null, 'checkout');
      }
    }
  }

  private bookingCall(client: Client, at: number, wantDay: number, attempt: number, occasion?: Service): void {
    const r = this.r;
    const service = occasion ?? this.serviceFor(client);
    const intent = r.chance(0.7) ? this.input.intentByService[service.name] : undefined;
    const call = this.call(at, client.person, client.callerId, 'booking', intent);
    if (call.answered) {
      const bookedAt = call.pickedUpAt + Math.round(call.talkMs * 0.75);
      const start = this.chooseStart(client, wantDay, bookedAt + 2 * HOUR, service.duration_min);
      return this.book(client, service, bookedAt, start, call.sid, 'call', occasion !== undefined);
    }
    if (attempt < MODEL.maxAttempts && r.chance(MODEL.retryAfterMissed)) {
      return this.schedule({ at: this.retryTime(at), seq: 0, type: 'bookingCall', client, wantDay, attempt: attempt + 1, ...(occasion ? { occasion } : {}) });
    }
    // Gave up for now: a regular tries again in a week or three; a newcomer is lost.
    if (client.kind === 'regular' && client.visits > 0 && !occasion) this.planVisit(client, wantDay + r.int(7, 21), at + DAY);
  }

  /** The next visit of a client: a walk-in on the day, or a call some days before. */
  private planVisit(client: Client, wantDay: number, from: number): void {
    if (client.left) return;
    const fromDay = this.cal.dayOf(from).index;
    if (wantDay <= fromDay) wantDay = fromDay + 1;
    if (this.r.chance(client.walkInShare)) {
      const duration = this.walkInService(client).duration_min;
      for (let index = wantDay; index < wantDay + 14; index++) {
        const day = this.cal.day(index);
        const arrival = day.hours ? this.walkInTime(day, duration, from) : null;
        if (arrival !== null) return this.schedule({ at: arrival, seq: 0, type: 'walkIn', client });
      }
    }
    let callDay = Math.max(fromDay, wantDay - this.leadDays());
    let at = this.callTime(this.cal.day(callDay));
    while (at <= from) at = this.callTime(this.cal.day(++callDay));
    this.schedule({ at, seq: 0, type: 'bookingCall', client, wantDay: Math.max(wantDay, callDay), attempt: 1 });
  }

  // ---- appointments ----

  private book(
    client: Client,
    service: Service,
    bookedAt: number,
    start: number,
    callSid: string | null,
    channel: 'call' | 'walk-in' | 'checkout',
    occasion = false,
  ): void {
    const r = this.r;
    const id = `apt-${String(++this.appointments).padStart(7, '0')}`;
    const first = client.visits === 0;
    const note =
      channel === 'walk-in'
        ? 'walk-in'
        : first && r.chance(0.3)
          ? r.pick(FIRST_VISIT_NOTES)
          : client.stylist && client.kind === 'regular' && r.chance(MODEL.stylistNoteShare)
            ? `with ${client.stylist}`
            : r.chance(MODEL.noteShare)
              ? r.pick(VISIT_NOTES)
              : undefined;
    const { person } = client;
    this.emit(bookedAt, 'appointment', {
      event: 'booked',
      appointment_id: id,
      ...(callSid ? { call_sid: callSid } : {}),
      customer: { name: person.name, phone: deskFormat(person.phone, r), ...(person.email ? { email: person.email } : {}) },
      service: service.name,
      start: iso(start),
      ...(note ? { notes: note } : {}),
      timestamp: iso(bookedAt),
    });

    let finalStart = start;
    let changedAt = bookedAt;
    let outcome: Outcome = 'completed';
    if (channel !== 'walk-in') {
      if (start - bookedAt > DAY && r.chance(MODEL.reschedule)) {
        const at = this.changeTime(bookedAt, start);
        if (at !== null) {
          finalStart = this.chooseStart(client, this.cal.dayOf(start).index + r.int(1, 10), at + 12 * HOUR, service.duration_min);
          changedAt = at;
          if (r.chance(MODEL.rescheduleByPhone) && this.phoneHours(at)) this.call(at, person, client.callerId, 'change');
          this.emit(at + 30_000, 'appointment', { event: 'rescheduled', appointment_id: id, start: iso(finalStart), timestamp: iso(at + 30_000) });
        }
      }
      const lead = (finalStart - bookedAt) / DAY;
      const cancel = Math.min(MODEL.cancelMax, (client.kind === 'regular' ? MODEL.cancelBase.regular : MODEL.cancelBase.other) + MODEL.cancelPerLeadDay * lead);
      const noShow = first ? MODEL.noShow.first : client.kind === 'regular' ? MODEL.noShow.regular : MODEL.noShow.occasional;
      const x = r.next();
      outcome = x < cancel ? 'cancelled' : x < cancel + noShow ? 'no_show' : 'completed';
    }
    // An appointment still ahead of "now" stays scheduled, whatever its future holds.
    if (finalStart > this.input.now) return;

    let at: number;
    if (outcome === 'cancelled') {
      at = this.changeTime(changedAt, finalStart) ?? changedAt + Math.round((finalStart - changedAt) / 2);
      if (r.chance(MODEL.cancelByPhone) && this.phoneHours(at)) this.call(at, person, client.callerId, 'change');
      at += 30_000;
    } else if (outcome === 'no_show') {
      at = finalStart + r.int(15, 40) * MINUTE;
    } else {
      at = finalStart + (service.duration_min + r.int(-5, 15)) * MINUTE;
    }
    this.emit(at, 'appointment', { event: outcome, appointment_id: id, timestamp: iso(at) });
    if (occasion) {
      if (outcome === 'completed') client.visits++;
    } else {
      this.afterVisit(client, outcome, finalStart, at);
    }
  }

  private afterVisit(client: Client, outcome: Outcome, start: number, at: number): void {
    const r = this.r;
    const startDay = this.cal.dayOf(start).index;
    if (outcome === 'completed') {
      client.visits++;
      if (this.recent.length < 400) this.recent.push(client);
      else this.recent[this.recentNext++ % 400] = client;
    }
    if (client.kind === 'regular') {
      if (outcome === 'completed') {
        const wantDay = this.seasonalTarget(startDay, startDay + Math.round(client.intervalDays * r.uniform(0.85, 1.2)));
        if (this.cal.day(wantDay).baseMs > client.leavesAt) {
          client.left = true;
          return;
        }
        if (r.chance(client.checkoutRebook)) return this.schedule({ at, seq: 0, type: 'checkout', client, wantDay });
        return this.planVisit(client, wantDay, at);
      }
      return this.planVisit(client, startDay + (outcome === 'no_show' ? r.int(2, 14) : r.int(3, 21)), at + HOUR);
    }
    if (outcome === 'completed') {
      if (client.kind === 'occasional' && client.visits === 1) this.planVisit(client, startDay + r.int(70, 280), at);
    } else if (r.chance(client.kind === 'occasional' ? 0.5 : 0.4)) {
      this.planVisit(client, startDay + r.int(3, 21), at + HOUR);
    }
  }

  /**
   * Regulars bend their rhythm around the calendar: a visit that would fall in the holidays
   * comes before them (the December rush), one that falls in January slips a little later.
   */
  private seasonalTarget(lastDay: number, wantDay: number): number {
    const r = this.r;
    const want = this.cal.day(wantDay);
    const holidays = (want.month === 12 && want.dayOfMonth >= 19) || (want.month === 1 && want.dayOfMonth <= 6);
    if (holidays && r.chance(0.7)) {
      const daysAfterDec1 = want.month === 12 ? want.dayOfMonth - 1 : 30 + want.dayOfMonth;
      const before = wantDay - daysAfterDec1 + r.int(3, 19);
      if (before >= lastDay + 21) return before;
    }
    if (want.month === 1 && want.dayOfMonth > 6 && r.chance(0.5)) return wantDay + r.int(3, 12);
    if ((want.month === 5 || (want.month === 6 && want.dayOfMonth <= 20)) && r.chance(0.3)) return Math.max(lastDay + 21, wantDay - r.int(3, 10));
    return wantDay;
  }

  private serviceFor(client: Client): Service {
    const r = this.r;
    if (client.visits === 0 && this.consultation && r.chance(FIRST_VISIT_CONSULTATION / 100)) return this.consultation;
    return r.chance(0.75) ? client.usual : this.bookable[r.weightedIndex(this.bookableWeights)]!;
  }

  private walkInService(client: Client): Service {
    if (client.usual.duration_min <= 60 || this.short.length === 0) return client.usual;
    return this.short[0]!;
  }

  /** A start for a booking: the wanted day or soon after, leaning to the client's weekday and to busy days. */
  private chooseStart(client: Client, wantDay: number, notBefore: number, duration: number): number {
    const r = this.r;
    let index = Math.max(wantDay, this.cal.dayOf(notBefore).index);
    if (r.chance(0.55)) {
      for (let k = 0; k < 7; k++) {
        const day = this.cal.day(index + k);
        if (day.weekday === client.weekday && day.hours) {
          const slot = this.slot(day, duration, notBefore);
          if (slot !== null) return slot;
          break;
        }
      }
    }
    for (let tries = 0; ; tries++, index++) {
      const day = this.cal.day(index);
      if (!day.hours || (tries < 14 && !r.chance(APPOINTMENT_DAY_WEIGHT[day.weekday]! / 1.55))) continue;
      const slot = this.slot(day, duration, notBefore);
      if (slot !== null) return slot;
      if (tries > 60) throw new Error(`no opening hours long enough for a ${duration}-minute service`);
    }
  }

  /** A quarter-hour start within the day's hours, at a popular time. */
  private slot(day: Day, duration: number, notBefore: number): number | null {
    const { open, close } = day.hours!;
    const weights = APPOINTMENT_HOURS[day.weekday]!;
    const starts: number[] = [];
    const w: number[] = [];
    for (let m = Math.ceil(open / 15) * 15; m + duration <= close; m += 15) {
      const at = this.cal.at(day, m);
      if (at < notBefore) continue;
      starts.push(at);
      w.push(weights[Math.floor(m / 60)] || 0.2);
    }
    return starts.length ? starts[this.r.weightedIndex(w)]! : null;
  }

  private walkInTime(day: Day, duration: number, notBefore: number): number | null {
    const { open, close } = day.hours!;
    const weights = APPOINTMENT_HOURS[day.weekday]!;
    const latest = close - duration - 20;
    if (latest <= open) return null;
    const minutes: number[] = [];
    const w: number[] = [];
    for (let m = open; m <= latest; m += 5) {
      if (this.cal.at(day, m) < notBefore) continue;
      minutes.push(m);
      w.push(weights[Math.floor(m / 60)] || 0.2);
    }
    if (minutes.length === 0) return null;
    return this.cal.at(day, minutes[this.r.weightedIndex(w)]! + this.r.int(0, 4));
  }

  /** Days between a booking call and the appointment: mostly a few days to two weeks, some the same day. */
  private leadDays(): number {
    if (this.r.chance(0.06)) return 0;
    return Math.min(35, 1 + Math.floor(this.r.logNormal(4, 0.75)));
  }

  /** When someone calls to cancel or move an appointment: usually the day before or a few days ahead. */
  private changeTime(after: number, before: number): number | null {
    const startDay = this.cal.dayOf(before).index;
    for (let tries = 0; tries < 4; tries++) {
      const at = this.callTime(this.cal.day(Math.max(0, startDay - Math.floor(this.r.exponential(1.6)))));
      if (at > after + 10 * MINUTE && at < before - 30 * MINUTE) return at;
    }
    return before - after > 2 * HOUR ? after + Math.round((before - after) * this.r.uniform(0.3, 0.9)) : null;
  }

  // ---- calls ----

  /** A moment of the day, at the hours people phone the salon. */
  private callTime(day: Day): number {
    const hour = this.r.weightedIndex(CALL_HOURS[day.weekday]!);
    return this.cal.at(day, hour * 60) + this.r.int(0, 3599) * 1000;
  }

  /** Whether people phone at that time of day (a change made at night went by text or online). */
  private phoneHours(at: number): boolean {
    const minute = this.cal.minuteOfDay(at);
    return minute >= 8 * 60 && minute < 21 * 60;
  }

  /** After a missed call: a few minutes later, or the next morning when the salon is closed. */
  private retryTime(at: number): number {
    const day = this.cal.dayOf(at);
    const minute = this.cal.minuteOfDay(at);
    if (day.hours && minute < day.hours.close - 30) return at + this.r.int(3, 120) * MINUTE;
    for (let index = day.index + 1; ; index++) {
      const next = this.cal.day(index);
      if (next.hours) return this.cal.at(next, next.hours.open + this.r.int(0, 240)) + this.r.int(0, 59) * 1000;
    }
  }

  private inquiry(at: number): void {
    const r = this.r;
    const x = r.next();
    let caller: Client | undefined;
    if (x < 0.5) caller = this.activeRegular();
    else if (x < 0.65 && this.recent.length) caller = r.pick(this.recent);
    if (caller) return this.inquiryCall(at, caller.person, caller.callerId);
    if (x < 0.92) return this.inquiryCall(at, this.people.person(0), r.chance(0.5));
    this.junkCall(at);
  }

  private inquiryCall(at: number, person: Person, callerId: boolean): void {
    const r = this.r;
    const intent = r.chance(0.2) ? this.quoteIntent : undefined;
    if (this.call(at, person, callerId, 'inquiry', intent).answered || !r.chance(MODEL.inquiryRetryAfterMissed)) return;
    this.call(this.retryTime(at), person, callerId, 'inquiry', intent);
  }

  private activeRegular(): Client | undefined {
    for (let tries = 0; tries < 5 && this.regulars.length; tries++) {
      const i = this.r.int(0, this.regulars.length - 1);
      const client = this.regulars[i]!;
      if (!client.left) return client;
      // Drop the regular who left: swap with the last one.
      this.regulars[i] = this.regulars[this.regulars.length - 1]!;
      this.regulars.pop();
    }
    return undefined;
  }

  private junkCall(at: number): void {
    const withheld = this.r.chance(0.5);
    const from = withheld ? 'anonymous' : `+1${this.r.pick([206, 305, 404, 415, 646, 702, 800, 888])}${this.r.int(2000000, 9999999)}`;
    this.call(at, { name: '', phone: from }, false, 'junk');
  }

  private talkSeconds(kind: CallKind): number {
    const r = this.r;
    switch (kind) {
      case 'booking':
        return Math.round(Math.min(900, Math.max(50, r.logNormal(170, 0.35))));
      case 'inquiry':
        return Math.round(Math.min(600, Math.max(12, r.logNormal(70, 0.6))));
      case 'change':
        return Math.round(Math.min(400, Math.max(20, r.logNormal(75, 0.4))));
      case 'junk':
        return r.int(3, 25);
    }
  }

  /**
   * One inbound call, answered or missed by how busy the desk is at that moment. The demo
   * phone system reports a call once, when it ends (caller, status and duration in one
   * `ended` event, from which the core dates its start); a call still going on at "now" has
   * only reported its start, and shows as live.
   */
  private call(at: number, person: Person, callerId: boolean, kind: CallKind, intent?: string): PlacedCall {
    const r = this.r;
    const day = this.cal.dayOf(at);
    const minute = this.cal.minuteOfDay(at);
    const hourWeight = CALL_HOURS[day.weekday]![Math.floor(minute / 60)] ?? 0;
    const open = day.hours !== null && minute >= day.hours.open && minute < day.hours.close;
    const answered = !r.chance(missedChance(open, day.holiday, hourWeight));
    const sid = `CA${(++this.calls).toString(16).padStart(8, '0')}${r.hex(24)}`;
    const caller = { call_sid: sid, from: person.phone, direction: 'inbound' as const, ...(callerId && person.name ? { caller_name: person.name } : {}) };
    let end: number;
    let ended: CallEventBody;
    let placed: PlacedCall;
    if (answered) {
      const ring = r.int(4, 20) * 1000;
      const talk = this.talkSeconds(kind);
      end = at + ring + talk * 1000;
      ended = { event: 'ended', ...caller, status: 'completed', duration_sec: talk, ...(intent ? { intent } : {}), timestamp: iso(end) };
      placed = { sid, answered, pickedUpAt: at + ring, talkMs: talk * 1000 };
    } else {
      const busy = open ? 0.1 + 0.15 * (hourWeight / 1.5) : 0;
      const x = r.next();
      const status = open
        ? x < busy ? 'busy' : x < busy + 0.15 ? 'canceled' : x < busy + 0.3 ? 'voicemail' : 'no-answer'
        : x < 0.55 ? 'voicemail' : x < 0.9 ? 'no-answer' : 'canceled';
      const ring = status === 'busy' ? r.int(0, 2) : status === 'canceled' ? r.int(4, 20) : r.int(18, 40);
      const message = status === 'voicemail' ? r.int(8, 70) : 0;
      end = at + (ring + message) * 1000;
      ended = { event: 'ended', ...caller, status, duration_sec: message, timestamp: iso(end) };
      placed = { sid, answered, pickedUpAt: at, talkMs: 0 };
    }
    if (end <= this.input.now) this.emit(end, 'call', ended);
    else if (at <= this.input.now) this.emit(at, 'call', { event: 'started', ...caller, timestamp: iso(at) });
    return placed;
  }

  private emit(at: number, kind: 'call', body: CallEventBody): void;
  private emit(at: number, kind: 'appointment', body: AppointmentEventBody): void;
  private emit(at: number, kind: 'call' | 'appointment', body: CallEventBody | AppointmentEventBody): void {
    this.out.push({ at, seq: this.seq++, kind, body } as DemoEvent);
  }
}
