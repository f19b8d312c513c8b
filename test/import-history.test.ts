/**
 * History from the old booking system, read from the vendors' real export headers (issue 14):
 * Square's customer directory, Acuity's appointments and client list, Fresha's client list (in
 * English with a BOM, and in Italian, matched by position), Vagaro's Customer List as an xlsx
 * made here with exceljs; and detection that asks when a file could be read two ways.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { Salon } from '../electron/core/salon.js';
import { importCsv } from '../electron/core/csv/import.js';
import { callbackList } from '../electron/core/callbacks.js';
import { overdueCustomers } from '../electron/core/visits.js';
import { exportCsv } from '../electron/core/csv/export.js';
import { SOURCE_IDS, SOURCE_NAMES } from '../electron/contract/index.js';
import { startTestServer } from './support/server.js';
import { tableCounts } from './support/child.js';

const ZONE = 'America/Chicago';
// Friday 2026-03-20, noon in Chicago (CDT since March 8).
const NOW = Date.parse('2026-03-20T17:00:00Z');

const dir = mkdtempSync(join(tmpdir(), 'salon-history-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbCount = 0;
const freshSalon = () => new Salon(join(dir, `salon-${++dbCount}.db`), { clock: new ManualClock(NOW), overrides: { timezone: ZONE } });
const csvLines = (...lines: string[]) => lines.join('\r\n') + '\r\n';
/** Local midnight of a date in the salon's zone, as ISO UTC. */
const midnight = (date: string, offsetHours: number) => new Date(Date.parse(`${date}T00:00:00Z`) + offsetHours * 3_600_000).toISOString();

const SQUARE_DIRECTORY = csvLines(
  'Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Company Name,Street Address 1,Street Address 2,City,State,Postal Code,Birthday,Memo,Square Customer ID,Creation Source,First Visit,Last Visit,Transaction Count,Lifetime Spend,Email Subscription Status,Instant Profile,Blocked from online booking',
  ',Maria,Lopez,maria@example.com,\'3106503746,,,1 Elm St,,Los Angeles,CA,90001,,Balayage every 8 weeks,SQC-1,Appointments,2024-03-02,2/14/2026,14,"$1,234.56",subscribed,No,No',
  ',Tom,Reyes,,13108921848,,,,,,,,,,SQC-2,Directory,,,0,$0.00,unsubscribed,Yes,No',
  ',Lee,Park,lee@example.com,(310) 703-8944,,,,,,,,,,SQC-3,Appointments,11/5/2025,11/5/2025,1,$45.00,subscribed,No,No',
);

const ACUITY_HEADER =
  'Start Time,End Time,First Name,Last Name,Phone,Email,Type,Calendar,Appointment Price,Paid?,Amount Paid Online,Certificate,Notes,Date Scheduled,Label,Scheduled By,Date Rescheduled,Appointment ID';
const ACUITY_APPOINTMENTS = csvLines(
  ACUITY_HEADER,
  '"November 26, 2025 5:00 pm","November 26, 2025 7:00 pm",Ana,Ruiz,\'3125550101,ana@example.com,Hair Color,Jo,"1,120.00",yes,0.00,,Full head,"November 20, 2025",,ana@example.com,,1001',
  '"March 27, 2026 10:00 am","March 27, 2026 10:45 am",Bea,Cole,(312) 555-0102,,Haircut,Sam,45.00,no,0.00,,,"March 18, 2026",,Bea Cole,,1002',
);

const VAGARO_HEADER = [
  'First Name', 'Last Name', 'Email', 'Mobile', 'Day', 'Night', 'Address', 'Apt/Suite', 'City', 'State', 'Zip', 'Birthdate', 'Gender', 'Customer Since',
  'Last Visited', 'Membership', 'Tags', 'Refered By', 'Online Booking', 'Credit Card', 'Bank', 'Appointments Booked', 'Classes Booked', 'Check-Ins',
  'Points Earned', 'Amount Paid', 'No Shows/Cancellations', 'Employee Seen',
];

/** Vagaro's CustomersList.xlsx: title rows above the header, `---` in empty cells, `Never`, money as text, totals below. */
async function vagaroWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Customers List');
  sheet.addRow(['Customers List']);
  sheet.addRow(['Sunset Hair Studio']);
  sheet.addRow(VAGARO_HEADER);
  const row = (values: Record<string, unknown>) => sheet.addRow(VAGARO_HEADER.map((h) => values[h] ?? '---'));
  row({ 'First Name': 'Dana', 'Last Name': 'Fox', Email: 'dana@example.com', Mobile: '(773) 555-0144', 'Customer Since': new Date(Date.UTC(2023, 4, 9)),
    'Last Visited': '02/27/2026', 'Appointments Booked': 22, 'Amount Paid': '$1,234.56', 'Employee Seen': 'Lee' });
  row({ 'First Name': 'Eli', 'Last Name': 'Gray', Day: '773-555-0145', 'Customer Since': '01/10/2026', 'Last Visited': 'Never', 'Appointments Booked': 0, 'Amount Paid': '($12.00)' });
  sheet.addRow(['Total Customers: 2']);
  sheet.addRow(['Summary']);
  sheet.addRow(['Active', 2]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('Square customer directory, then the salon switches', () => {
  it('keeps first and last visit, visits and spend; a Square regular is returning and a new customer new; re-importing changes nothing', async () => {
    const clock = new ManualClock(NOW);
    const server = await startTestServer({ clock });
    try {
      const imported = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: SQUARE_DIRECTORY });
      const report = (await imported.json()) as any;
      expect(imported.status).toBe(200);
      expect(report).toMatchObject({ source: 'square', kind: 'customers', accepted: 3, applied: true, detection: { confident: true, columns: 'confirmed', matched_by: 'name' } });
      expect(report.mapping).toEqual(expect.arrayContaining([
        { field: 'first_visit_at', columns: ['First Visit'] },
        { field: 'last_visit_at', columns: ['Last Visit'] },
        { field: 'visit_count', columns: ['Transaction Count'] },
        { field: 'lifetime_spend', columns: ['Lifetime Spend'] },
      ]));

      const list = (await server.request('GET', '/salon/customers')).body.items as any[];
      expect(list.map((c) => [c.name, c.phone])).toEqual([
        ['Lee Park', '+13107038944'],
        ['Maria Lopez', '+13106503746'],
        ['Tom Reyes', '+13108921848'],
      ]);
      const maria = (await server.request('GET', `/salon/customers/${list[1].id}`)).body;
      expect(maria).toMatchObject({
        first_visit_at: midnight('2024-03-02', 6),
        imported_first_visit_at: midnight('2024-03-02', 6),
        imported_last_visit_at: midnight('2026-02-14', 6),
        imported_visits: 14,
        imported_spend_cents: 123456,
        notes: 'Balayage every 8 weeks',
      });
      const tom = (await server.request('GET', `/salon/customers/${list[2].id}`)).body;
      expect(tom).toMatchObject({ first_visit_at: null, imported_visits: 0, imported_spend_cents: 0 });

      const before = tableCounts(server.salon.db);
      const again = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: SQUARE_DIRECTORY });
      expect(again.status).toBe(200);
      expect(tableCounts(server.salon.db)).toEqual(before);
      expect((await server.request('GET', `/salon/customers/${list[1].id}`)).body).toEqual(maria);

      // The week after the switch: Maria comes in, and so does someone the salon has never seen.
      const visit = async (id: string, name: string, phone: string, start: string) => {
        expect((await server.request('POST', '/salon/appointment', { appointment_id: id, customer: { name, phone }, service: 'Haircut', start, timestamp: '2026-03-16T14:00:00Z' })).status).toBe(200);
        expect((await server.request('POST', '/salon/appointment', { event: 'completed', appointment_id: id, timestamp: '2026-03-19T18:00:00Z' })).status).toBe(200);
      };
      await visit('a1', 'Maria Lopez', '+13106503746', '2026-03-17T15:00:00Z');
      await visit('a2', 'Nora New', '+13125550199', '2026-03-18T15:00:00Z');
      const dashboard = (await server.request('GET', '/salon/dashboard?week=2026-03-16')).body;
      expect(dashboard.figures).toMatchObject({ customers_served: 2, new_customers: 1, returning_customers: 1, retention_rate: 0.5 });
      // Maria's first visit stays the imported one; Nora's is her first appointment.
      expect((await server.request('GET', `/salon/customers/${list[1].id}`)).body.first_visit_at).toBe(midnight('2024-03-02', 6));
      const nora = (await server.request('GET', '/salon/customers?query=Nora')).body.items[0];
      expect(nora).toMatchObject({ first_visit_at: '2026-03-18T15:00:00.000Z', imported_visits: 0 });
      // The customer list counts the imported visits, with ours after the last of them: Maria's 14, and this week's.
      const byVisits = (await server.request('GET', '/salon/customers?sort=visits')).body.items as any[];
      expect(byVisits.map((c) => [c.name, c.visits, c.last_visit_at])).toEqual([
        ['Maria Lopez', 15, '2026-03-17T15:00:00.000Z'],
        ['Lee Park', 1, midnight('2025-11-05', 6)],
        ['Nora New', 1, '2026-03-18T15:00:00.000Z'],
        ['Tom Reyes', 0, null],
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe('Acuity Scheduling', () => {
  it('detects the appointments export as appointments, with local times, durations from the end, prices and staff', async () => {
    const salon = freshSalon();
    try {
      const report = await importCsv(salon, ACUITY_APPOINTMENTS);
      expect(report).toMatchObject({ source: 'acuity', source_name: 'Acuity Scheduling', kind: 'appointments', accepted: 2, applied: true });
      expect(report.detection).toMatchObject({ confident: true, columns: 'confirmed' });
      const items = salon.appointments({ limit: 10 }).items;
      expect(items.map((a) => [a.start, a.duration_min, a.service, a.price_cents, a.status, a.booked_at])).toEqual([
        // 5:00 pm CST is 23:00 UTC; the appointment has passed and was not cancelled: kept.
        ['2025-11-26T23:00:00.000Z', 120, 'Hair Color', 112000, 'completed', midnight('2025-11-20', 6)],
        // 10:00 am CDT is 15:00 UTC; still to come.
        ['2026-03-27T15:00:00.000Z', 45, 'Haircut', 4500, 'scheduled', midnight('2026-03-18', 5)],
      ]);
      expect(items[0]!.notes).toBe('Full head\nStaff: Jo');
      const ana = salon.customers({ query: 'Ana' }).items[0]!;
      expect(ana).toMatchObject({ phone: '+13125550101', email: 'ana@example.com', first_visit_at: '2025-11-26T23:00:00.000Z' });

      const before = tableCounts(salon.db);
      expect(await importCsv(salon, ACUITY_APPOINTMENTS)).toMatchObject({ applied: true, counts: { appointments: { new: 0, already_imported: 2 } } });
      expect(tableCounts(salon.db)).toEqual(before);
    } finally {
      salon.close();
    }
  });

  it('reads the optional Canceled column, and takes --source acuity', async () => {
    const salon = freshSalon();
    try {
      const file = csvLines(
        `${ACUITY_HEADER},Canceled`,
        '"March 2, 2026 9:00 am","March 2, 2026 9:45 am",Cy,Dunn,3125550103,,Haircut,Sam,45.00,no,0,,,"February 20, 2026",,,,1003,yes',
      );
      const report = await importCsv(salon, file, { source: 'acuity' });
      expect(report).toMatchObject({ source: 'acuity', source_detected: false, kind: 'appointments', kind_detected: true, applied: true });
      expect(salon.appointments({ limit: 10 }).items.map((a) => a.status)).toEqual(['cancelled']);
    } finally {
      salon.close();
    }
  });

  it('client list: the days since the last appointment become the last (and first known) visit', async () => {
    const salon = freshSalon();
    try {
      const file = csvLines('First Name,Last Name,Phone,Email,Notes,Days Since Last Appointment', 'Gia,Moss,\'+1 312 555 0110,gia@example.com,Curly cut,10', 'Hal,Nye,312-555-0111,,,');
      const report = await importCsv(salon, file);
      expect(report).toMatchObject({ source: 'acuity', kind: 'customers', accepted: 2, applied: true });
      const [gia, hal] = salon.customers({ limit: 10 }).items;
      // Ten days before Friday 2026-03-20: Tuesday 2026-03-10, local midnight (CDT).
      expect(gia).toMatchObject({ phone: '+13125550110', imported_last_visit_at: midnight('2026-03-10', 5), first_visit_at: midnight('2026-03-10', 5), imported_visits: 1 });
      expect(hal).toMatchObject({ phone: '+13125550111', imported_last_visit_at: null, first_visit_at: null, imported_visits: 0 });
    } finally {
      salon.close();
    }
  });
});

const FRESHA_ENGLISH = [
  'Client ID', 'First Name', 'Last Name', 'Full Name', 'Blocked', 'Block Reason', 'Gender', 'Mobile Number', 'Telephone', 'Email', 'Accepts Marketing',
  'Accepts SMS Marketing', 'Address', 'Apartment Suite', 'Area', 'City', 'State', 'Post Code', 'Date of Birth', 'Added', 'Note', 'Referral Source',
];
const FRESHA_ITALIAN = [
  'ID cliente', 'Nome', 'Cognome', 'Nome e cognome', 'Bloccato', 'Motivo del blocco', 'Genere', 'Numero di cellulare', 'Telefono', 'Email',
  'Accetta marketing', 'Accetta marketing via SMS', 'Indirizzo', 'Appartamento/Suite', 'Zona', 'Città', 'Provincia', 'CAP', 'Data di nascita', 'Aggiunto',
  'Nota', 'Fonte di riferimento',
];
const quoted = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
const freshaRow = (values: Partial<Record<string, string>>) => quoted(FRESHA_ENGLISH.map((h) => values[h] ?? ''));

describe('Fresha client list', () => {
  it('reads the English export with a BOM, and the Italian one by the place of its columns', async () => {
    const salon = freshSalon();
    try {
      const english = '\uFEFF' + csvLines(
        quoted(FRESHA_ENGLISH),
        freshaRow({ 'Client ID': '11', 'First Name': 'Gil', 'Last Name': 'Hart', 'Full Name': 'Gil Hart', 'Mobile Number': '39 349 123 4567', Added: '2025-11-02', Note: 'Short fringe' }),
      );
      expect(await importCsv(salon, english)).toMatchObject({ source: 'fresha', kind: 'customers', accepted: 1, applied: true, detection: { matched_by: 'name', columns: 'confirmed' } });

      const italian = csvLines(
        quoted(FRESHA_ITALIAN),
        freshaRow({ 'Client ID': '12', 'First Name': 'Giulia', 'Last Name': 'Rossi', 'Full Name': 'Giulia Rossi', 'Mobile Number': '39 347 765 4321', Email: 'giulia@example.it', Added: '24/12/2025' }),
      );
      const report = await importCsv(salon, italian);
      expect(report).toMatchObject({ source: 'fresha', kind: 'customers', accepted: 1, applied: true, detection: { confident: true, matched_by: 'position' } });
      expect(report.mapping).toEqual(expect.arrayContaining([{ field: 'phone', columns: ['Numero di cellulare', 'Telefono'] }, { field: 'customer_name', columns: ['Nome e cognome'] }]));

      expect(salon.customers({ limit: 10 }).items.map((c) => [c.name, c.phone, c.email, c.notes, c.first_seen_at])).toEqual([
        ['Gil Hart', '+393491234567', null, 'Short fringe', midnight('2025-11-02', 5)],
        ['Giulia Rossi', '+393477654321', 'giulia@example.it', '', midnight('2025-12-24', 6)],
      ]);
    } finally {
      salon.close();
    }
  });
});

describe('Vagaro Customer List (xlsx)', () => {
  it('finds the header below the title rows, reads ---, Never, $1,234.56 and ($12.00), and skips the totals and summary', async () => {
    const salon = freshSalon();
    try {
      const report = await importCsv(salon, await vagaroWorkbook());
      expect(report).toMatchObject({ source: 'vagaro', kind: 'customers', header_line: 3, rows: 2, accepted: 2, rejected_rows: 0, applied: true });
      expect(report.skipped_lines.map((s) => s.line)).toEqual([6, 7, 8]);
      const [dana, eli] = salon.customers({ limit: 10 }).items;
      expect(dana).toMatchObject({
        name: 'Dana Fox', phone: '+17735550144', email: 'dana@example.com',
        first_seen_at: midnight('2023-05-09', 5),
        imported_last_visit_at: midnight('2026-02-27', 6),
        first_visit_at: midnight('2026-02-27', 6),
        imported_visits: 22, imported_spend_cents: 123456, notes: '',
      });
      expect(eli).toMatchObject({ name: 'Eli Gray', phone: '+17735550145', email: null, imported_last_visit_at: null, first_visit_at: null, imported_visits: 0, imported_spend_cents: -1200 });

      const before = tableCounts(salon.db);
      await importCsv(salon, await vagaroWorkbook());
      expect(tableCounts(salon.db)).toEqual(before);
    } finally {
      salon.close();
    }
  });
});

describe('detection', () => {
  it('names every source, and asks instead of importing a file that could be either kind or fits no source well', async () => {
    expect(Object.keys(SOURCE_NAMES)).toEqual([...SOURCE_IDS]);
    expect(SOURCE_IDS).toContain('acuity');
    const salon = freshSalon();
    try {
      const either = csvLines('First Name,Last Name,Phone Number,Email Address,First Visit,Last Visit,Date,Service', 'Ana,Ruiz,3125550101,,2025-01-04,2026-02-01,2026-03-02 10:00,Haircut');
      const preview = await importCsv(salon, either, { dryRun: true });
      expect(preview.detection).toMatchObject({ confident: false, question: expect.stringMatching(/could be Square Appointments appointments or Square Appointments customers/) });
      expect(preview.refused).toMatch(/nothing was imported: the file could be/);
      expect(preview.preview).toHaveLength(1);
      const refused = await importCsv(salon, either);
      expect(refused).toMatchObject({ applied: false });
      expect(tableCounts(salon.db).customers).toBe(0);
      // Told the kind, it imports.
      expect(await importCsv(salon, either, { kind: 'customers' })).toMatchObject({ applied: true, kind: 'customers', accepted: 1 });

      const odd = csvLines('Client,Phone,When,What,Colour,Stylist,Room,Tip', 'Bo,3125550120,Tue,cut,red,Jo,2,5');
      const oddReport = await importCsv(salon, odd);
      expect(oddReport).toMatchObject({ applied: false, detection: { confident: false, question: expect.stringMatching(/matches no booking system well/) } });
      expect(salon.customers({ query: 'Bo' }).total).toBe(0);
    } finally {
      salon.close();
    }
  });
});

describe('imported history in the lists', () => {
  it('a Square regular is due to rebook, ranks first to call back, and has visits for scale; a caller with no history is new', async () => {
    const salon = freshSalon();
    try {
      const directory = csvLines(
        'Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Company Name,Street Address 1,Street Address 2,City,State,Postal Code,Birthday,Memo,Square Customer ID,Creation Source,First Visit,Last Visit,Transaction Count,Lifetime Spend,Email Subscription Status,Instant Profile,Blocked from online booking',
        ',Maria,Lopez,,3106503746,,,,,,,,,,SQC-1,Appointments,2025-03-02,2026-01-05,8,"$1,234.56",,,',
      );
      expect(await importCsv(salon, directory)).toMatchObject({ applied: true });
      const maria = salon.customers({ query: 'Maria' }).items[0]!;

      // 8 visits from 2025-03-02 to 2026-01-05: one every 44.1 days; the last was 74 days ago.
      const due = overdueCustomers(salon.db, NOW);
      expect(due).toEqual([expect.objectContaining({ customer_id: maria.id, visits: 8, usual_interval_days: 44.1, days_since_last_visit: 74, days_overdue: 30 })]);
      // Seven of the eight spread visits fall in the last 365 days: 7/8 of the spend.
      expect(due[0]!.spend_365d_cents).toBe(Math.round((123456 * 7) / 8));
      expect(salon.reliability(maria.id).visits).toBe(7);

      const missed = (sid: string, from: string, at: string) => {
        salon.recordCallEvent({ event: 'started', call_sid: sid, from, timestamp: at });
        salon.recordCallEvent({ event: 'ended', call_sid: sid, status: 'no-answer', timestamp: at });
      };
      missed('CA-new', '+13125550177', '2026-03-20T15:00:00Z');
      missed('CA-maria', '+13106503746', '2026-03-20T14:00:00Z');
      const list = callbackList(salon.db, NOW, salon.abandonMs);
      expect(list.map((e) => [e.phone, e.tier, e.new_caller, e.overdue, e.visits])).toEqual([
        ['+13106503746', 'valued', false, true, 8],
        ['+13125550177', 'waiting', true, false, 0],
      ]);
    } finally {
      salon.close();
    }
  });
});

describe('our own export', () => {
  it('carries the imported history, so that an export imported into an empty database keeps it', async () => {
    const from = freshSalon();
    const into = freshSalon();
    try {
      expect(await importCsv(from, SQUARE_DIRECTORY)).toMatchObject({ applied: true });
      let file = '';
      for await (const chunk of exportCsv(from, 'customers')) file += String(chunk);
      expect(await importCsv(into, file)).toMatchObject({ source: 'generic', kind: 'customers', accepted: 3, applied: true });
      const history = (salon: Salon) =>
        salon.customers({ limit: 10 }).items.map((c) => [c.phone, c.first_visit_at, c.imported_first_visit_at, c.imported_last_visit_at, c.imported_visits, c.imported_spend_cents]);
      expect(history(into)).toEqual(history(from));
      expect(history(into)[1]).toEqual(['+13106503746', midnight('2024-03-02', 6), midnight('2024-03-02', 6), midnight('2026-02-14', 6), 14, 123456]);
    } finally {
      from.close();
      into.close();
    }
  });
});
