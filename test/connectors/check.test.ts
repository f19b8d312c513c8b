import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../support/child.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, twilioCall, type TwilioStandIn } from './twilio-stand-in.js';

describe('npm run check and the phone connectors', { timeout: 45_000 }, () => {
  let standIn: TwilioStandIn;
  let dir: string;
  beforeAll(async () => {
    standIn = await startTwilioStandIn();
    standIn.calls.push(twilioCall({ sid: 'CAcheck1', startMs: Date.now() - 3_600_000, status: 'completed', durationSec: 30 }));
    dir = mkdtempSync(join(tmpdir(), 'salon-check-'));
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = async (token: string) => {
    const child = runCli('check', ['--db', join(dir, 'salon.db'), '--port', '0'], cleanEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: token, SALON_TWILIO_API_URL: standIn.url }));
    return { code: await child.exited(30_000), out: child.stdout() };
  };

  it('shows what each connector found, and never the token', async () => {
    const { code, out } = await check(AUTH_TOKEN);
    expect(out).toMatch(/twilio\s+ok: Twilio: 1 call in the last 30 days \(credentials from the environment\)/);
    expect(out).not.toContain(AUTH_TOKEN);
    expect(code).toBe(0);
  });

  it('exits 1 with the reason when a connector’s test fails', async () => {
    const { code, out } = await check('wrong-token-0123456789');
    expect(out).toContain('not ready: Twilio refused the credentials (401): check the Account SID and Auth Token');
    expect(code).toBe(1);
  });
});
