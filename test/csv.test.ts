import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ManualClock } from '../electron/core/clock.js';
import { Salon } from '../electron/core/salon.js';
import { importCsv } from '../electron/core/csv/import.js';
import { importOnThread } from '../electron/core/csv/import-thread.js';
import { fileInput, ImportFileError } from '../electron/core/csv/reader.js';
import { parseDateTime, parseDurationMin, parseMoneyCents, parseStatus } from '../electron/core/csv/values.js';
import { generateDemoData } from '../electron/demo/generate.js';
import type { ImportProgress, WeekFigures } from '../electron/contract/index.js';
import { CSV_BODY_LIMIT_BYTES } from '../electron/server/routes/csv.js';
import { connectLive, startTestServer, type TestServer } from './support/server.js';
import { cleanEnv, runCli, tableCounts } from './support/child.js';
import { vagaroAppointments } from './support/large-csv.js';

const ZONE = 'America/Chicago';
// Friday 2026-03-20, noon in Chicago (CDT since March 8).
const NOW = Date.parse('2026-03-20T17:00:00Z');

const dir = mkdtempSync(join(tmpdir(), 'salon-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let dbCount = 0;
function freshSalon(): Salon {
  return new Salon(join(dir, `salon-${++dbCount}.db`), { clock: new ManualClock(NOW), overrides: { timezone: ZONE } });
}

const csvLines = (...lines: string[]) => lines.join('\r\n') + '\r\n';

// ---- sample exports (small, hand-written in each system's typical shape) ----

const SQUARE_APPOINTMENTS = csvLines(
  'Appointment ID,Date,Time,Duration,Customer Name,Customer Phone,Customer Email,Service,Staff,Price,Status,Created At',
  'SQ100,03/02/2026,10:00 AM,45 min,Ana Ruiz,(312) 555-0101,ana@example.com,Haircut,Maria,$45.00,Accepted,02/25/2026 9:15 AM',
  'SQ101,03/02/2026,2:30 PM,2 hours,Bea Cole,312.555.0102,,Hair Color,Maria,"$1,120.50",No Show,02/26/2026',
  'SQ102,03/09/2026,11:00 AM,,Cy Dunn,3125550103,cy@example.com,Blowout,,35,Cancelled by Seller,',
  'SQ103,03/10/2026,9:00 AM,1h 30m,Ana Ruiz,+1 312 555 0101,,highlights,Jo,150.00,Completed,',
);

const VAGARO_APPOINTMENTS = csvLines(
  'Appointments Report',
  'Date Range: 03/01/2026 - 03/31/2026',
  '',
  'Appt Date,Start Time,End Time,Customer,Cell Phone,Email,Service,Service Provider,Price,Status,Booked Date',
  '"Mon, Mar 2, 2026",9:30 AM,10:15 AM,Dana Fox,(773) 555-0144,dana@example.com,Haircut,Lee,$50.00,Show,Feb 20 2026',
  '"Tue, Mar 3, 2026",1:00 PM,2:00 PM,Eli Gray,773-555-0145,,Hair Treatment,Lee,$65.00,No Show,Feb 21 2026',
  '"Wed, Mar 4, 2026",4:00 PM,4:30 PM,Dana Fox,7735550144,,Blowout,Kim,$35.00,Checked Out,Mar 1 2026',
  'Total,,,,,,,,$150.00,,',
);

const FRESHA_APPOINTMENTS = csvLines(
  'Ref #,Created Date,Scheduled Date,Time,Duration,Client,Mobile Number,Service,Team Member,Price,Status',
  '#F-7,01/03/2026,05/03/2026,14:00,1h 30min,Gil Hart,+44 7700 900123,Highlights,Sam,150.00,Completed',
  '#F-8,02/03/2026,17/03/2026,09:15,45min,Hana Ito,(312) 555-0188,Haircut,Sam,45.00,Booked',
  '#F-9,02/03/2026,18/03/2026,10:00,30min,Gil Hart,+44 7700 900123,Blowout,Sam,35.00,Cancelled',
);

const SQUARE_CUSTOMERS = csvLines(
  'Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Memo,Square Customer ID,Creation Source,First Visit,Creation Date',
  ',Ana,Ruiz,ana@example.com,(312) 555-0101,,Prefers Maria,SQC1,Appointments,2025-01-04,2025-01-02',
  ',Iris,Jones,,312 555 0190,,,SQC2,Directory,,2025-06-30',
);

const VAGARO_CUSTOMERS = csvLines(
  'First Name,Last Name,Email,Cell Phone,Home Phone,Work Phone,Address,City,State,Zip,Customer Since,Notes',
  'Dana,Fox,dana@example.com,,(773) 555-0144,,1 Main St,Chicago,IL,60601,01/15/2024,Allergic to ammonia',
  'Eli,Gray,,773-555-0145,,,,,,,03/01/2025,',
);

const FRESHA_CLIENTS = csvLines(
  'Client ID,First Name,Last Name,Full Name,Mobile Number,Telephone,Email,Gender,Date of Birth,Added,Note,Blocked',
  '11,Gil,Hart,Gil Hart,+44 7700 900123,,gil@example.co.uk,Male,,2025-11-02,,No',
  '12,Juno,Kai,Juno Kai,(312) 555-0177,,,Female,,2025-12-24,Likes tea,No',
);

describe('reading cells', () => {
  it('reads money, lengths, statuses and local date-times the way exports write them', () => {
    expect(['$45.00', '45', '1,234.50', '1.234,50', '45,5', 'USD 45.00', '€ 12', 'Free', ''].map(parseMoneyCents)).toEqual([
      4500, 4500, 123450, 123450, 4550, 4500, 1200, 0, undefined,
    ]);
    expect(() => parseMoneyCents('-5.00')).toThrow(/negative/);
    expect(() => parseMoneyCents('45.555')).toThrow(/not an amount/);
    expect(['45', '45 min', '1h 30m', '1 hr 15 mins', '1:30', '1.5 hours', '2h'].map(parseDurationMin)).toEqual([45, 45, 90, 75, 90, 90, 120]);
    expect(['Completed', 'Checked Out', 'Show', 'No Show', 'no-show', 'Cancelled by Customer', 'Late cancellation', 'Accepted', 'Confirmed', ''].map(parseStatus)).toEqual([
      'completed', 'completed', 'completed', 'no_show', 'no_show', 'cancelled', 'cancelled', 'scheduled', 'scheduled', 'scheduled',
    ]);
    expect(() => parseStatus('Maybe')).toThrow(/not a status/);
    const iso = (text: string, order: 'mdy' | 'dmy' = 'mdy') => new Date(parseDateTime(text, ZONE, order, 'refuse')).toISOString();
    // 10:00 in Chicago is 16:00Z before the DST change (March 8) and 15:00Z after it.
    expect(iso('03/02/2026 10:00 AM')).toBe('2026-03-02T16:00:00.000Z');
    expect(iso('2026-03-09 10:00')).toBe('2026-03-09T15:00:00.000Z');
    expect(iso('09/03/2026 10:00', 'dmy')).toBe('2026-03-09T15:00:00.000Z');
    expect(iso('Mon, Mar 9, 2026 at 10:00 AM')).toBe('2026-03-09T15:00:00.000Z');
    expect(iso('2026-03-09T10:00:00-05:00')).toBe('2026-03-09T15:00:00.000Z');
    expect(() => iso('02/30/2026 10:00')).toThrow(/not a real date/);
    expect(() => iso('03/02/2026')).toThrow(/no time/);
  });
});

describe('import from each booking system', () => {
  it('Square Appointments: detects the source, maps every column, stores the appointments and is idempotent', async () => {
    const salon = freshSalon();
    try {
      const report = await importCsv(salon, SQUARE_APPOINTMENTS);
      expect(report).toMatchObject({ source: 'square', kind: 'appointments', source_detected: true, rows: 4, accepted: 4, rejected_rows: 0, applied: true, refused: null });
      expect(report.date_order.order).toBe('mdy');
      expect(report.mapping).toEqual(
        expect.arrayContaining([
          { field: 'phone', columns: ['Customer Phone'] },
          { field: 'date', columns: ['Date'] },
          { field: 'time', columns: ['Time'] },
          { field: 'price', columns: ['Price'] },
          { field: 'booked_at', columns: ['Created At'] },
        ]),
      );
      expect(report.preview).toHaveLength(4);
      expect(report.counts).toMatchObject({ appointments: { new: 4, already_imported: 0, by_status: { scheduled: 1, completed: 1, no_show: 1, cancelled: 1 } }, customers: { new: 3, existing: 0 } });

      const stored = salon.appointments({ limit: 10 }).items;
      expect(stored.map((a) => [a.appointment_id, a.start, a.service, a.price_cents, a.duration_min, a.status, a.customer_phone])).toEqual([
        ['sq-SQ100', '2026-03-02T16:00:00.000Z', 'Haircut', 4500, 45, 'scheduled', '+13125550101'],
        ['sq-SQ101', '2026-03-02T20:30:00.000Z', 'Hair Color', 112050, 120, 'no_show', '+13125550102'],
        // No price or length in the file: the catalogue's. After the DST change: UTC-5.
        ['sq-SQ102', '2026-03-09T16:00:00.000Z', 'Blowout', 3500, 30, 'cancelled', '+13125550103'],
        ['sq-SQ103', '2026-03-10T14:00:00.000Z', 'Highlights', 15000, 90, 'completed', '+13125550101'],
      ]);
      const first = stored[0]!;
      expect(first.booked_at).toBe('2026-02-25T15:15:00.000Z');
      expect(first.notes).toBe('Staff: Maria');
      expect(first.customer_name).toBe('Ana Ruiz');
      expect(stored[1]!.booked_at).toBe('2026-02-26T06:00:00.000Z'); // a date alone: the start of that day, salon time
      expect(stored[2]!.booked_at).toBe(stored[2]!.start); // no booking date: booked at the start
      expect(stored[3]!.status_at).toBe('2026-03-10T15:30:00.000Z'); // completed at its end
      expect(salon.customers({}).total).toBe(3);

      const before = tableCounts(salon.db);
      const again = await importCsv(salon, SQUARE_APPOINTMENTS);
      expect(again.counts.appointments).toMatchObject({ new: 0, already_imported: 4 });
      expect(tableCounts(salon.db)).toEqual(before);
    } finally {
      salon.close();
    }
  });

  it('Vagaro: finds the header below the report title, takes the length from the end time, skips the totals line', async () => {
    const salon = freshSalon();
    try {
      const report = await importCsv(salon, VAGARO_APPOINTMENTS);
      expect(report).toMatchObject({ source: 'vagaro', kind: 'appointments', header_line: 4, rows: 3, accepted: 3, applied: true });
      expect(report.skipped_lines).toEqual([{ line: 8, reason: expect.stringMatching(/totals/) }]);
      const stored = salon.appointments({ limit: 10 }).items;
      expect(stored.map((a) => [a.start, a.duration_min, a.service, a.price_cents, a.status, a.customer_phone, a.notes])).toEqual([
        ['2026-03-02T15:30:00.000Z', 45, 'Haircut', 5000, 'completed', '+17735550144', 'Staff: Lee'],
        ['2026-03-03T19:00:00.000Z', 60, 'Hair Treatment', 6500, 'no_show', '+17735550145', 'Staff: Lee'],
        ['2026-03-04T22:00:00.000Z', 30, 'Blowout', 3500, 'completed', '+17735550144', 'Staff: Kim'],
      ]);
      expect(stored[0]!.booked_at).toBe('2026-02-20T06:00:00.000Z');
      expect(stored.every((a) => a.appointment_id.startsWith('vg-'))).toBe(true);
      // Two visits of one customer: one customer, whose first visit is the earlier one.
      const dana = salon.customers({ query: 'Dana' }).items;
      expect(dana).toHaveLength(1);
      expect(dana[0]!.first_visit_at).toBe('2026-03-02T15:30:00.000Z');
    } finally {
      salon.close();
    }
  });

  it('Fresha: reads day-first dates (inferred from a day above 12), "1h 30min" lengths and international numbers', async () => {
    const salon = freshSalon();
    try {
      const report = await importCsv(salon, FRESHA_APPOINTMENTS);
      expect(report).toMatchObject({ source: 'fresha', kind: 'appointments', accepted: 3, applied: true });
      expect(report.date_order).toEqual({ order: 'dmy', why: expect.stringMatching(/day above 12 first/) });
      const stored = salon.appointments({ limit: 10 }).items;
      expect(stored.map((a) => [a.appointment_id, a.start, a.duration_min, a.status, a.customer_phone, a.booked_at])).toEqual([
        ['fr-#F-7', '2026-03-05T20:00:00.000Z', 90, 'completed', '+447700900123', '2026-03-01T06:00:00.000Z'],
        ['fr-#F-8', '2026-03-17T14:15:00.000Z', 45, 'scheduled', '+13125550188', '2026-03-02T06:00:00.000Z'],
        ['fr-#F-9', '2026-03-18T15:00:00.000Z', 30, 'cancelled', '+447700900123', '2026-03-02T06:00:00.000Z'],
      ]);
    } finally {
      salon.close();
    }
  });

  it('customer lists of all three: matched by phone, blanks filled, and appointments without a phone matched by name', async () => {
    const salon = freshSalon();
    try {
      const square = await importCsv(salon, SQUARE_CUSTOMERS);
      expect(square).toMatchObject({ source: 'square', kind: 'customers', accepted: 2, applied: true });
      const vagaro = await importCsv(salon, VAGARO_CUSTOMERS);
      expect(vagaro).toMatchObject({ source: 'vagaro', kind: 'customers', accepted: 2, applied: true });
      const fresha = await importCsv(salon, FRESHA_CLIENTS);
      expect(fresha).toMatchObject({ source: 'fresha', kind: 'customers', accepted: 2, applied: true });
      const all = salon.customers({ limit: 100 }).items;
      expect(all.map((c) => [c.name, c.phone, c.email, c.notes])).toEqual([
        ['Ana Ruiz', '+13125550101', 'ana@example.com', 'Prefers Maria'],
        ['Dana Fox', '+17735550144', 'dana@example.com', 'Allergic to ammonia'],
        ['Eli Gray', '+17735550145', null, ''],
        ['Gil Hart', '+447700900123', 'gil@example.co.uk', ''],
        ['Iris Jones', '+13125550190', null, ''],
        ['Juno Kai', '+13125550177', null, 'Likes tea'],
      ]);
      // "Customer Since" 01/15/2024, local midnight.
      expect(all[1]!.first_seen_at).toBe('2024-01-15T06:00:00.000Z');

      // The same list again changes nothing; the desk's edits are never overwritten.
      salon.updateCustomer(all[0]!.id, { notes: 'VIP' });
      const before = tableCounts(salon.db);
      await importCsv(salon, SQUARE_CUSTOMERS);
      expect(tableCounts(salon.db)).toEqual(before);
      expect(salon.customer(all[0]!.id).notes).toBe('VIP');

      // An appointments list that names clients without their numbers.
      const byName = csvLines('Ref #,Scheduled Date,Time,Client,Service,Price,Status', '#9,2026-03-06,11:00,juno  kai,Haircut,45,Completed');
      const report = await importCsv(salon, byName, { source: 'fresha' });
      expect(report).toMatchObject({ accepted: 1, applied: true });
      expect(salon.customer(all[5]!.id).appointments.map((a) => a.service)).toEqual(['Haircut']);
    } finally {
      salon.close();
    }
  });

  it('refuses a file it cannot place, saying which columns it needs', async () => {
    const salon = freshSalon();
    try {
      await expect(importCsv(salon, csvLines('Foo,Bar', '1,2'))).rejects.toThrow(ImportFileError);
      await expect(importCsv(salon, csvLines('Foo,Bar', '1,2'))).rejects.toThrow(/needs date \(and time\), service/);
      await expect(importCsv(salon, '')).rejects.toThrow(/empty/);
    } finally {
      salon.close();
    }
  });
});

const BAD_SQUARE = csvLines(
  'Date,Time,Customer Name,Customer Phone,Service,Price,Status',
  '03/02/2026,10:00 AM,Ana Ruiz,(312) 555-0101,Haircut,45.00,Completed',
  '03/02/2026,11:00 AM,Bad Phone,555-01,Haircut,45.00,Completed',
  '02/30/2026,10:00 AM,Bad Date,(312) 555-0103,Haircut,45.00,Completed',
  '03/03/2026,10:00 AM,Bad Everything,(312) 555-0104,Balayage,-5,Maybe',
  '03/04/2026,,No Time,(312) 555-0105,Perm,80,Accepted',
  '03/05/2026,3:00 PM,Bea Cole,(312) 555-0106,Perm,80,Accepted',
);

describe('over HTTP, against the real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
  });
  afterAll(() => server?.stop());

  const post = (path: string, body: string) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'text/csv' }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('refuses a file with bad rows as a whole, listing every reason, and stores nothing', async () => {
    const before = tableCounts(server.salon.db);
    const res = await post('/salon/import', BAD_SQUARE);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/4 of 6 rows were rejected, so nothing was imported/);
    const reasons = res.body.details.map((d: any) => `${d.field}: ${d.message}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^row 2 phone: "555-01" is not a phone number/),
      expect.stringMatching(/^row 3 date: "02\/30\/2026" is not a real date/),
      expect.stringMatching(/^row 4 service: "Balayage" is not in the catalogue/),
      expect.stringMatching(/^row 4 price: "-5" is negative/),
      expect.stringMatching(/^row 4 status: "Maybe" is not a status/),
      expect.stringMatching(/^row 5 date: .*no time/),
    ]);
    expect(res.body.details[0]).toMatchObject({ row: 2, line: 3, column: 'Customer Phone' });
    expect(res.body.report).toMatchObject({ rows: 6, accepted: 2, rejected_rows: 4, applied: false });
    expect(tableCounts(server.salon.db)).toEqual(before);
    expect((await server.request('GET', '/salon/appointments')).body.total).toBe(0);
    expect((await server.request('GET', '/salon/customers')).body.total).toBe(0);
  });

  it('previews with dry_run, and imports the good rows with skip_invalid', async () => {
    const dry = await post('/salon/import?dry_run=1', BAD_SQUARE);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, applied: false, accepted: 2, rejected_rows: 4 });
    expect(dry.body.preview.map((p: any) => p.customer_name)).toEqual(['Ana Ruiz', 'Bea Cole']);
    expect((await server.request('GET', '/salon/appointments')).body.total).toBe(0);

    const some = await post('/salon/import?skip_invalid=1', BAD_SQUARE);
    expect(some.status).toBe(200);
    expect(some.body).toMatchObject({ applied: true, accepted: 2, rejected_rows: 4 });
    expect(some.body.rejections.map((r: any) => r.row)).toEqual([2, 3, 4, 4, 4, 5]);
    expect((await server.request('GET', '/salon/appointments')).body.total).toBe(2);
  });

  it('takes files over the 64 KiB API limit on this route, and answers 413 past its own limit', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},${9 + (i % 8)}:00,Guest ${i},(312) 555-${String(2000 + i).padStart(4, '0')},Haircut,45.00,Completed,padding-padding-padding`);
    const body = csvLines('Date,Time,Customer Name,Customer Phone,Service,Price,Status,Notes', ...rows);
    expect(body.length).toBeGreaterThan(64 * 1024);
    const res = await post('/salon/import?dry_run=1', body);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1500);
    // Other routes keep their 64 KiB limit.
    expect((await server.request('POST', '/salon/appointment', { notes: 'x'.repeat(70 * 1024) })).status).toBe(413);
    const huge = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: Buffer.alloc(CSV_BODY_LIMIT_BYTES + 1, 'a') });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).error).toMatch(/larger than the 50 MiB limit/);
  });

  it('takes a file sent in chunks without a length, whole, and answers 413 past the limit then too', async () => {
    const chunked = (pieces: Iterable<string | Buffer>) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = http.request(`${server.url}/salon/import?dry_run=1`, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        for (const piece of pieces) req.write(piece);
        req.end();
      });
    const rows = Array.from({ length: 300 }, (_, i) => `2026-02-${String(1 + (i % 28)).padStart(2, '0')},10:00,Guest ${i},(312) 555-${String(3000 + i).padStart(4, '0')},Haircut,45.00,Completed`);
    const file = csvLines('Date,Time,Customer Name,Customer Phone,Service,Price,Status', ...rows);
    const bytes = Buffer.from(file);
    const whole = await chunked([bytes.subarray(0, 7), bytes.subarray(7, 5000), bytes.subarray(5000)]);
    expect(whole.status).toBe(200);
    expect(whole.body.accepted).toBe(300);
    const MiB = Buffer.alloc(1024 * 1024, 'a');
    const huge = await chunked(Array.from({ length: CSV_BODY_LIMIT_BYTES / MiB.length + 1 }, () => MiB));
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatch(/larger than the 50 MiB limit/);
  });

  it('asks for the webhook token when one is set, like every /salon route', async () => {
    const locked = await startTestServer({ token: 'sekret-token-0123456' });
    try {
      const anonymous = await fetch(`${locked.url}/salon/import?dry_run=1`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: SQUARE_APPOINTMENTS });
      expect(anonymous.status).toBe(401);
      expect((await fetch(`${locked.url}/salon/export/customers.csv`)).status).toBe(401);
      const allowed = await fetch(`${locked.url}/salon/export/customers.csv`, { headers: { authorization: 'Bearer sekret-token-0123456' } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toMatch(/^customer_id,name,phone,email,notes,/);
    } finally {
      await locked.stop();
    }
  });

  it('exports CSV downloads with dollars and cents, UTC and local times', async () => {
    const res = await fetch(`${server.url}/salon/export/appointments.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="salon-appointments-2026-03-20\.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ price: '45.00', price_cents: '4500', start_utc: '2026-03-02T16:00:00.000Z', start_local: '2026-03-02T10:00:00-06:00', status: 'completed', customer_phone: '+13125550101' });
    const weekly = parse(await (await fetch(`${server.url}/salon/export/weekly.csv?weeks=3&until=2026-03-05`)).text(), { columns: true }) as Record<string, string>[];
    expect(weekly.map((w) => [w.week_start, w.week_end, w.revenue, w.revenue_cents])).toEqual([
      ['2026-02-16', '2026-02-22', '0.00', '0'],
      ['2026-02-23', '2026-03-01', '0.00', '0'],
      ['2026-03-02', '2026-03-08', '45.00', '4500'],
    ]);
    expect((await fetch(`${server.url}/salon/export/calls.csv?from=nonsense`)).status).toBe(400);
  });
});

/** The figures that appointments and customers make (calls are not imported, so the call figures are not compared). */
const NON_CALL_FIGURES: (keyof WeekFigures)[] = [
  'appointments_booked', 'appointments_scheduled', 'appointments_completed', 'no_shows', 'cancellations', 'no_show_rate', 'cancellation_rate',
  'revenue_cents', 'revenue_per_appointment_cents', 'customers_served', 'new_customers', 'returning_customers', 'retention_rate',
];

describe('the CSV round trip', () => {
  it('export customers and appointments, import into an empty database: the same weekly figures', async () => {
    const source = join(dir, 'demo.db');
    generateDemoData({ dbPath: source, weeks: 3, seed: 7, now: NOW, timezone: ZONE });
    const a = await startTestServer({ dbPath: source, clock: new ManualClock(NOW) });
    const b = await startTestServer({ clock: new ManualClock(NOW) });
    try {
      const customers = await (await fetch(`${a.url}/salon/export/customers.csv`)).text();
      const appointments = await (await fetch(`${a.url}/salon/export/appointments.csv`)).text();
      expect(appointments.split('\n').length).toBeGreaterThan(100);

      const live = await connectLive(b.url);
      const importTo = (body: string, id: string) =>
        fetch(`${b.url}/salon/import?import_id=${id}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      const c = await importTo(customers, 'customers-1');
      expect(c.status).toBe(200);
      expect(c.body).toMatchObject({ source: 'generic', kind: 'customers', applied: true, rejected_rows: 0 });
      const r = await importTo(appointments, 'appointments-1');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ source: 'generic', kind: 'appointments', applied: true, rejected_rows: 0, import_id: 'appointments-1' });

      const weekly = async (s: TestServer) => (await s.request('GET', '/salon/metrics/weekly?weeks_back=4&until=2026-03-20')).body.weeks as any[];
      const [wa, wb] = [await weekly(a), await weekly(b)];
      expect(wa.reduce((n, w) => n + w.appointments_completed, 0)).toBeGreaterThan(50);
      const pick = (w: any) => Object.fromEntries([['week_start', w.week_start], ...NON_CALL_FIGURES.map((f) => [f, w[f]])]);
      expect(wb.map(pick)).toEqual(wa.map(pick));
      expect((await b.request('GET', '/salon/customers?limit=1')).body.total).toBe((await a.request('GET', '/salon/customers?limit=1')).body.total);

      // The appointments read back the same, but for the customer ids of the other database.
      const again = await (await fetch(`${b.url}/salon/export/appointments.csv`)).text();
      const strip = (text: string) => (parse(text, { columns: true }) as Record<string, string>[]).map(({ customer_id: _, ...rest }) => rest);
      expect(strip(again)).toEqual(strip(appointments));

      // Progress came over the WebSocket, ending with "done".
      await new Promise((resolve) => setTimeout(resolve, 100));
      const progress = live.messages.filter((m) => m.type === 'import.progress').map((m) => m.data as any);
      live.close();
      const mine = progress.filter((p) => p.import_id === 'appointments-1');
      expect(mine.at(-1)).toMatchObject({ phase: 'done' });
      expect(mine.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading', 'checking', 'applying', 'done']));
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('a large file', () => {
  it('imports 50,000 rows in one transaction and reports progress up to 50,000', { timeout: 180_000 }, async () => {
    const file = join(dir, 'large.csv');
    writeFileSync(file, vagaroAppointments(50_000));
    const salon = freshSalon();
    try {
      const seen: ImportProgress[] = [];
      const started = performance.now();
      const report = await importCsv(salon, fileInput(file), { onProgress: (p) => seen.push(p), totalBytes: readFileSync(file).length });
      const seconds = (performance.now() - started) / 1000;
      console.log(`50,000-row CSV import: ${seconds.toFixed(1)} s (${report.elapsed_ms} ms in the importer)`);
      expect(report).toMatchObject({ source: 'vagaro', rows: 50_000, accepted: 50_000, rejected_rows: 0, applied: true });
      expect(salon.appointments({ limit: 1 }).total).toBe(50_000);
      expect(salon.customers({ limit: 1 }).total).toBe(5000);

      for (const phase of ['reading', 'checking', 'applying'] as const) {
        const counts = seen.filter((p) => p.phase === phase).map((p) => p.done);
        expect(counts.length, phase).toBeGreaterThan(10);
        expect(counts.every((n, i) => i === 0 || n >= counts[i - 1]!), `${phase} counts increase`).toBe(true);
        expect(counts.at(-1), phase).toBe(50_000);
      }
      expect(seen.filter((p) => p.phase === 'applying').every((p) => p.total === 50_000)).toBe(true);
      expect(seen.at(-1)).toEqual({ phase: 'done', done: 50_000, total: 50_000 });
    } finally {
      salon.close();
    }
  });
});

describe('the import on its worker thread', () => {
  it('moves the file to the worker instead of copying it, and imports it', async () => {
    const salon = freshSalon();
    try {
      const input = Buffer.from(vagaroAppointments(200));
      expect(input.byteLength).toBeGreaterThan(8192);
      const report = await importOnThread(salon, input);
      expect(report).toMatchObject({ source: 'vagaro', rows: 200, accepted: 200, applied: true });
      expect(salon.appointments({ limit: 1 }).total).toBe(200);
      // Moved: this thread's view of it is empty (a copy would have left it whole).
      expect(input.byteLength).toBe(0);
    } finally {
      salon.close();
    }
  });
});

describe('the commands', () => {
  it('npm run import refuses a bad file with exit 1 and writes the rejected rows; npm run export writes the weekly figures', { timeout: 60_000 }, async () => {
    const db = join(dir, 'cli.db');
    const bad = join(dir, 'bad.csv');
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(bad, BAD_SQUARE);
    const env = cleanEnv({ SALON_TIMEZONE: ZONE });
    const imp = runCli('import', [bad, '--db', db, '--rejects', rejects], env);
    expect(await imp.exited(40_000)).toBe(1);
    expect(imp.stdout()).toMatch(/Square Appointments appointments export \(detected\)/);
    expect(imp.stdout()).toMatch(/NOT IMPORTED: 4 of 6 rows were rejected/);
    expect(readFileSync(rejects, 'utf8').split('\n')[0]).toBe('row,line,field,column,value,reason');

    const ok = runCli('import', [bad, '--db', db, '--skip-invalid'], env);
    expect(await ok.exited(40_000)).toBe(0);
    expect(ok.stdout()).toMatch(/imported 2 rows in one transaction/);
    expect(ok.stderr()).toMatch(/applying: 2 rows/);

    const out = join(dir, 'weekly.csv');
    const exp = runCli('export', ['--what', 'weekly', '--weeks', '2', '--until', '2026-03-05', '--out', out, '--db', db], env);
    expect(await exp.exited(40_000)).toBe(0);
    const weekly = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(weekly.map((w) => [w.week_start, w.revenue, w.appointments_completed])).toEqual([
      ['2026-02-23', '0.00', '0'],
      ['2026-03-02', '45.00', '1'],
    ]);
  });
});
