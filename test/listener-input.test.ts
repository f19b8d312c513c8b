/**
 * The local listener's input rules (issue 13), over real HTTP against the real server and
 * database: impossible instants and unsafe characters are refused with a 400 naming the field,
 * and change nothing; searches take `%`, `_` literally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../electron/core/clock.js';
import { createHandlers } from '../electron/core/handlers.js';
import { createDispatcher } from '../electron/ipc/dispatch.js';
import { tableCounts } from './support/child.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.parse('2026-11-25T18:00:00Z');

const BAD_INSTANTS = [
  '0001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2100-01-01T00:00:01Z',
  '2026-11-30T10:00:00+99:00',
  '2026-11-30T10:00:00+14:30',
  '2026-11-30T10:00:00-15:00',
  '2026-11-30',
  '2026-11-30T10:00:00',
  '2026-11-30T10:00:00+0500',
];
const GOOD_INSTANTS = ['2026-11-30T10:00:00Z', '2026-11-30T10:00:00+14:00', '2026-11-30T10:00:00-12:00', '2026-11-30T10:00:00.250-06:00'];

const BAD_TEXT = {
  NUL: 'Ana\u0000Ruiz',
  ESC: 'Ana \u001b[31mRuiz',
  'carriage return': 'Ana\rRuiz',
  'right-to-left override': '\u202eziuR anA',
  'left-to-right isolate': 'Ana \u2066Ruiz',
  'lone surrogate': 'Ana \ud800Ruiz',
};

describe('the listener refuses impossible instants and unsafe text', () => {
  let server: TestServer;
  const post = (path: string, body: unknown) => server.request('POST', path, body);
  const counts = () => tableCounts(server.salon.db);

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
    expect((await post('/salon/appointment', { appointment_id: 'apt-in-1', customer: { phone: '+13125550101', name: '100% Hair' }, service: 'Haircut', start: '2026-11-27T10:00:00-06:00' })).status).toBe(200);
    expect((await post('/salon/appointment', { appointment_id: 'apt-in-2', customer: { phone: '+13125550102', name: 'Ana Ruiz' }, service: 'Haircut', start: '2026-11-27T11:00:00-06:00' })).status).toBe(200);
  });
  afterAll(() => server.stop());

  it('an instant needs Z or a ±HH:MM offset within ±14:00 and a date in 2000 … 2100: else 400 naming the field, nothing stored', async () => {
    const before = counts();
    for (const t of BAD_INSTANTS) {
      const attempts: [string, string, unknown, string][] = [
        ['POST', '/salon/call', { event: 'started', call_sid: 'CA-bad-time', from: '+13125550199', timestamp: t }, 'timestamp'],
        ['POST', '/salon/appointment', { appointment_id: 'apt-bad-time', customer: { phone: '+13125550199' }, service: 'Haircut', start: t }, 'start'],
        ['POST', '/salon/appointment', { appointment_id: 'apt-in-1', event: 'completed', timestamp: t }, 'timestamp'],
        ['PATCH', '/salon/appointments/apt-in-1', { start: t }, 'start'],
      ];
      for (const [method, path, body, field] of attempts) {
        const res = await server.request(method, path, body);
        expect(res.status, `${method} ${path} ${field}=${t}`).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    }
    expect(counts()).toEqual(before);
    for (const [i, t] of GOOD_INSTANTS.entries()) {
      expect((await post('/salon/call', { event: 'started', call_sid: `CA-good-time-${i}`, direction: 'outbound', timestamp: t })).status, t).toBe(200);
    }
  });

  it('the same rule holds over IPC', async () => {
    const invoke = createDispatcher(createHandlers(server.salon, 'test'));
    const result = await invoke('bookAppointment', { customer: { phone: '+13125550199' }, service: 'Haircut', start: '+275760-09-13T00:00:00Z' });
    expect(result).toMatchObject({ ok: false, error: { status: 400, details: [{ field: 'start' }] } });
  });

  it('CSV import reports every bad instant per row, and imports nothing', async () => {
    const before = counts();
    // A local date and time with no offset is what booking systems export: a CSV reads it in the
    // salon's zone (held to the same range), so it is the one form above a CSV row may carry.
    const bad = [...BAD_INSTANTS.filter((t) => t !== '2026-11-30T10:00:00'), '1999-12-31 10:00'];
    const csv = [
      'appointment_id,start_utc,service,customer_phone,customer_name',
      'csv-ok,2026-11-20T16:00:00Z,Haircut,+13125550110,Ok Row',
      ...bad.map((t, i) => `csv-bad-${i},${t},Haircut,+131255502${String(i).padStart(2, '0')},Bad Row ${i}`),
    ].join('\n');
    const res = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const body = (await res.json()) as { details: { row: number; field: string; message: string }[] };
    expect(res.status).toBe(400);
    expect(body.details.map((d) => [d.row, d.field])).toEqual(bad.map((_, i) => [i + 2, `row ${i + 2} start`]));
    for (const [i, t] of bad.entries()) expect(body.details[i]!.message, t).toContain(t.startsWith('1999-12-31 ') ? 'between 2000-01-01 and 2100-01-01' : `"${t}"`);
    expect(counts()).toEqual(before);
  });

  it('names, notes and ids with control characters, bidirectional overrides or lone surrogates: 400 naming the field, nothing stored', async () => {
    const before = counts();
    for (const [what, text] of Object.entries(BAD_TEXT)) {
      const attempts: [string, string, unknown, string][] = [
        ['POST', '/salon/call', { event: 'started', call_sid: 'CA-text', from: '+13125550199', caller_name: text }, 'caller_name'],
        ['POST', '/salon/call', { event: 'started', call_sid: text, from: '+13125550199' }, 'call_sid'],
        ['POST', '/salon/appointment', { appointment_id: 'apt-text', customer: { phone: '+13125550199', name: text }, service: 'Haircut', start: '2026-11-27T12:00:00-06:00' }, 'customer.name'],
        ['POST', '/salon/appointment', { appointment_id: 'apt-text', customer: { phone: '+13125550199' }, service: 'Haircut', start: '2026-11-27T12:00:00-06:00', notes: text }, 'notes'],
        ['POST', '/salon/appointment', { appointment_id: text, customer: { phone: '+13125550199' }, service: 'Haircut', start: '2026-11-27T12:00:00-06:00' }, 'appointment_id'],
        ['PATCH', '/salon/customers/1', { name: text }, 'name'],
        ['PATCH', '/salon/customers/1', { notes: text }, 'notes'],
        ['PATCH', '/salon/appointments/apt-in-1', { notes: text }, 'notes'],
      ];
      for (const [method, path, body, field] of attempts) {
        const res = await server.request(method, path, body);
        expect(res.status, `${what} in ${field} of ${method} ${path}`).toBe(400);
        expect(res.body.details).toContainEqual({ field, message: expect.stringContaining('control characters') });
      }
    }
    expect(counts()).toEqual(before);
    // Tabs, newlines and every other character (accents, emoji, right-to-left script) are text.
    expect((await server.request('PATCH', '/salon/customers/1', { notes: 'line one\n\tline two 🙂 é عربى' })).status).toBe(200);
  });

  it('a call id that is blank after trimming is refused', async () => {
    for (const sid of [' ', '   ', '\t\n']) {
      const res = await post('/salon/call', { event: 'started', call_sid: sid, from: '+13125550199' });
      expect(res.status, JSON.stringify(sid)).toBe(400);
      expect(res.body.details[0].field).toBe('call_sid');
    }
  });

  it('a CSV row with such text is rejected per row', async () => {
    const csv = `appointment_id,start_utc,service,customer_phone,customer_name,notes\ncsv-text,2026-11-20T16:00:00Z,Haircut,+13125550120,"Ana\u001bRuiz","fine"\ncsv-text-2,2026-11-20T17:00:00Z,Haircut,+13125550121,Ben,"\u202eevil"\n`;
    const res = await fetch(`${server.url}/salon/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const body = (await res.json()) as { details: { field: string }[] };
    expect(res.status).toBe(400);
    expect(body.details.map((d) => d.field)).toEqual(['row 1 customer_name', 'row 2 notes']);
  });

  it('search: a NUL is refused, and % and _ match only themselves', async () => {
    const nul = await server.request('GET', '/salon/customers?query=%00');
    expect(nul.status).toBe(400);
    expect(nul.body.details[0].field).toBe('query');
    const names = async (query: string) => (await server.request('GET', `/salon/customers?query=${query}`)).body.items.map((c: { name: string }) => c.name);
    expect(await names('%25')).toEqual(['100% Hair']);
    expect(await names('_')).toEqual([]);
    expect(await names('Ana')).toEqual(['Ana Ruiz']);
  });
});
