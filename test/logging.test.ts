import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../electron/server/start.js';
import { createFileLogger, LOG_FILE } from '../electron/server/logging.js';

describe('logs', () => {
  it('go to logs/salon_analytics.log as JSON lines with request ids, phone numbers masked and tokens redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salon-logs-'));
    const logDir = join(dir, 'logs');
    const server = await startServer({ host: '127.0.0.1', port: 0, dbPath: join(dir, 'salon.db'), token: 'sekret-token-123', overrides: {}, priceEnv: {}, logDir });
    try {
      const headers = { 'content-type': 'application/json', authorization: 'Bearer sekret-token-123' };
      const res = await fetch(`${server.url}/salon/call`, { method: 'POST', headers, body: JSON.stringify({ event: 'started', call_sid: 'CA-log', from: '+13125550177', caller_name: 'Ana Ruiz' }) });
      expect(res.status).toBe(200);
      await fetch(`${server.url}/salon/appointment`, { method: 'POST', headers, body: JSON.stringify({ appointment_id: 'log-1', customer: { phone: '+13125550177' }, service: 'Haircut', start: '2026-11-27T10:00:00-06:00' }) });
      const refused = await fetch(`${server.url}/salon/call`, { method: 'POST', headers, body: JSON.stringify({ event: 'started', call_sid: 'CA-bad', from: '+13125550177', direction: 'sideways' }) });
      expect(refused.status).toBe(400);
      const unauthorised = await fetch(`${server.url}/salon/call`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token' }, body: JSON.stringify({ event: 'started', call_sid: 'CA-401' }) });
      expect(unauthorised.status).toBe(401);
    } finally {
      await server.close();
    }
    const text = readFileSync(join(logDir, LOG_FILE), 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const callLine = lines.find((l) => l.msg === 'call event');
    expect(callLine).toMatchObject({ call_sid: 'CA-log', event: 'started', from: '+131•••177' });
    expect(callLine?.reqId).toEqual(expect.any(String));
    expect(lines.find((l) => l.msg === 'appointment event')).toMatchObject({ appointment_id: 'log-1', phone: '+131•••177' });
    // One line per webhook event, its own: what was stored, or which fields were refused.
    expect(lines.filter((l) => l.reqId === callLine?.reqId)).toHaveLength(1);
    expect(lines.find((l) => l.msg === 'event refused')).toMatchObject({ fields: ['direction'], statusCode: 400 });
    expect(lines.find((l) => l.msg === 'refused: wrong token')).toMatchObject({ path: '/salon/call', level: 40 });
    expect(text).not.toContain('not-the-token');
    expect(text).not.toContain('3125550177');
    expect(text).not.toContain('Ana Ruiz');
    expect(text).not.toContain('sekret-token-123');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keep every line, whole and in order, when 5,000 are written at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salon-logs-'));
    const { logger, close } = createFileLogger(dir);
    for (let i = 0; i < 5000; i++) logger.info({ n: i }, 'burst');
    await close();
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number });
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    rmSync(dir, { recursive: true, force: true });
  });
});
