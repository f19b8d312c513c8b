import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_INPUTS, HTTP_BINDINGS } from '../electron/contract/index.js';
import { createHandlers } from '../electron/core/handlers.js';
import { ManualClock } from '../electron/core/clock.js';
import { Salon } from '../electron/core/salon.js';
import { createDispatcher, type IpcResult } from '../electron/ipc/dispatch.js';

describe('the IPC transport serves the real handler table over the real core', () => {
  let dir: string;
  let salon: Salon;
  let invoke: (method: unknown, input: unknown) => Promise<IpcResult>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'salon-ipc-'));
    salon = new Salon(join(dir, 'salon.db'), { clock: new ManualClock(Date.parse('2026-11-25T18:00:00Z')), overrides: { timezone: 'America/Chicago' } });
    invoke = createDispatcher(createHandlers(salon, 'test'));
  });
  afterAll(() => {
    salon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('implements every method of the contract, each with an HTTP binding', () => {
    expect(Object.keys(createHandlers(salon, 'test')).sort()).toEqual(Object.keys(API_INPUTS).sort());
    expect(Object.keys(HTTP_BINDINGS).sort()).toEqual(Object.keys(API_INPUTS).sort());
  });

  it('refuses a method that is not in the contract', async () => {
    for (const method of ['dropDatabase', '__proto__', 'constructor', 42, null]) {
      const result = await invoke(method, {});
      expect(result).toMatchObject({ ok: false, error: { status: 404 } });
    }
  });

  it('refuses bad input with the field at fault, and stores nothing', async () => {
    const result = await invoke('bookAppointment', { customer: { phone: '+13125550101' }, service: 'Haircut', start: '2026-11-27T10:00:00-06:00', price: 'free' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.status).toBe(400);
      expect(result.error.details?.map((d) => d.field)).toContain('price');
    }
    const list = await invoke('listAppointments', {});
    expect(list).toEqual({ ok: true, value: { items: [], total: 0 } });
  });

  it('reports a domain error (unknown service) as a 400 naming the field', async () => {
    const result = await invoke('bookAppointment', { customer: { phone: '+13125550101' }, service: 'Tattoo', start: '2026-11-27T10:00:00-06:00' });
    expect(result).toMatchObject({ ok: false, error: { status: 400, details: [{ field: 'service' }] } });
  });

  it('books, lists and changes an appointment, and the dashboard follows', async () => {
    const booked = await invoke('bookAppointment', { appointment_id: 'ipc-1', customer: { phone: '+13125550101', name: 'Ana Ruiz' }, service: 'Haircut', start: '2026-11-24T10:00:00-06:00' });
    expect(booked).toMatchObject({ ok: true, value: { appointment: { appointment_id: 'ipc-1', price_cents: 4500, status: 'scheduled' } } });
    const done = await invoke('updateAppointment', { id: 'ipc-1', patch: { status: 'completed' } });
    expect(done).toMatchObject({ ok: true, value: { status: 'completed' } });
    const dashboard = await invoke('getDashboard', {});
    expect(dashboard).toMatchObject({ ok: true, value: { week: { start: '2026-11-23' }, figures: { appointments_completed: 1, revenue_cents: 4500, new_customers: 1 } } });
  });

  it('answers a missing record with 404', async () => {
    expect(await invoke('getCustomer', { id: 9999 })).toMatchObject({ ok: false, error: { status: 404 } });
  });
});
