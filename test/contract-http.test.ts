/**
 * The browser's transport cannot drift from the server: every method of the API contract has
 * its HTTP route (verb and path, as HTTP_BINDINGS says) in the server as built.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_INPUTS, HTTP_BINDINGS, type ApiMethod } from '../electron/contract/index.js';
import { Salon } from '../electron/core/salon.js';
import { buildServer } from '../electron/server/app.js';

describe('HTTP_BINDINGS against the built server', () => {
  let dir: string;
  let salon: Salon;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'salon-contract-'));
    salon = new Salon(join(dir, 'salon.db'), { overrides: { timezone: 'Pacific/Chatham' } });
    app = await buildServer(salon);
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    salon?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds every method of the contract, and nothing else', () => {
    expect(Object.keys(HTTP_BINDINGS).sort()).toEqual(Object.keys(API_INPUTS).sort());
  });

  it.each(Object.entries(HTTP_BINDINGS) as [ApiMethod, (typeof HTTP_BINDINGS)[ApiMethod]][])('%s is a route: %o', (_method, binding) => {
    expect(app.hasRoute({ method: binding.verb, url: binding.path })).toBe(true);
  });

  it('a binding that takes `:id` has a method input with an id', () => {
    for (const [method, binding] of Object.entries(HTTP_BINDINGS) as [ApiMethod, (typeof HTTP_BINDINGS)[ApiMethod]][]) {
      if (!binding.path.includes(':id')) continue;
      const schema = API_INPUTS[method] as { properties?: Record<string, unknown> };
      expect(schema.properties, method).toHaveProperty('id');
    }
  });

  it('answers the new Settings methods over HTTP as the contract says', async () => {
    const settings = await app.inject({ method: 'GET', url: '/salon/settings' });
    expect(settings.statusCode).toBe(200);
    expect(settings.json()).toMatchObject({ timezone: 'Pacific/Chatham', overridden: ['timezone'], webhook: { url: expect.stringMatching(/\/salon\/call$/), token_required: false } });
    const saved = await app.inject({ method: 'PUT', url: '/salon/services', payload: { name: 'Beard Trim', price: 25.5, duration_min: 20 } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ name: 'Beard Trim', price_cents: 2550, duration_min: 20 });
    const intent = await app.inject({ method: 'PUT', url: '/salon/intents', payload: { intent: 'beard', service: 'Beard Trim' } });
    expect(intent.json().intent_map).toMatchObject({ BEARD: 'Beard Trim' });
    const bad = await app.inject({ method: 'PUT', url: '/salon/intents', payload: { intent: 'X', service: 'Nope' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('Nope');
    const hours = Array.from({ length: 7 }, (_, d) => (d < 5 ? { open: '10:00', close: '19:00' } : null));
    const patched = await app.inject({ method: 'PATCH', url: '/salon/settings', payload: { business_hours: hours } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().business_hours).toEqual(hours);
    const wrong = await app.inject({ method: 'PATCH', url: '/salon/settings', payload: { business_hours: hours.map((h) => h && { open: '19:00', close: '10:00' }) } });
    expect(wrong.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/salon/settings' })).json().business_hours).toEqual(hours);
  });
});
