import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../electron/server/twilio-signature.js';
import { startTestServer, type TestServer } from './support/server.js';

// Twilio's documented example (twilio.com/docs/usage/security, and the helper libraries' docs).
const DOC_TOKEN = '12345';
const DOC_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOC_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const DOC_SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

const PUBLIC_URL = 'https://salon.example.com';

describe('Twilio request signatures', () => {
  it('computes the signature of Twilio’s documented example', () => {
    expect(twilioSignature(DOC_TOKEN, DOC_URL, DOC_PARAMS)).toBe(DOC_SIGNATURE);
  });
});

describe('Twilio webhooks over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ twilio: { authToken: DOC_TOKEN, publicUrl: PUBLIC_URL, forwardTo: '+13125550199' } });
  });
  afterAll(() => server.stop());

  const post = (path: string, params: Record<string, string>, signature = twilioSignature(DOC_TOKEN, PUBLIC_URL + path, params)) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });

  it('accepts the documented example request, signed, and answers TwiML that forwards with both callbacks', async () => {
    const res = await post('/twilio/voice', DOC_PARAMS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    const twiml = await res.text();
    expect(twiml).toContain('<Dial action="https://salon.example.com/twilio/dial"');
    expect(twiml).toContain('statusCallback="https://salon.example.com/twilio/status"');
    expect(twiml).toContain('+13125550199</Number>');
    const call = await server.request('GET', '/salon/calls');
    expect(call.body.items).toMatchObject([{ call_sid: 'CA1234567890ABCDE', from: '+14158675309', status: 'live' }]);
  });

  it('refuses a request with one byte changed (403) and stores nothing', async () => {
    const params = { ...DOC_PARAMS, CallSid: 'CA-tampered', From: '+14158675300' };
    const signature = twilioSignature(DOC_TOKEN, PUBLIC_URL + '/twilio/voice', { ...params, From: '+14158675309' });
    const res = await post('/twilio/voice', params, signature);
    expect(res.status).toBe(403);
    const calls = await server.request('GET', '/salon/calls');
    expect(calls.body.items.map((c: { call_sid: string }) => c.call_sid)).not.toContain('CA-tampered');
  });

  it('refuses a request with no signature', async () => {
    const res = await post('/twilio/status', { CallSid: 'CA-unsigned', CallStatus: 'ringing', StatusCallbackEvent: 'initiated' }, '');
    expect(res.status).toBe(403);
  });

  it('counts a forwarded call whose DialCallStatus is no-answer as missed, even though Twilio answered the caller', async () => {
    const sid = 'CA-forwarded-1';
    expect((await post('/twilio/voice', { CallSid: sid, From: '+13125550101', To: '+18005551212', Direction: 'inbound', CallStatus: 'ringing' })).status).toBe(200);
    // The caller's own leg completes with a duration (Twilio played TwiML to them): not a person answering.
    expect((await post('/twilio/status', { CallSid: sid, CallStatus: 'completed', StatusCallbackEvent: 'completed', CallDuration: '31' })).status).toBe(200);
    expect((await post('/twilio/dial', { CallSid: sid, DialCallStatus: 'no-answer', DialCallDuration: '0' })).status).toBe(200);
    const { body } = await server.request('GET', '/salon/calls?status=missed');
    expect(body.items).toMatchObject([{ call_sid: sid, status: 'missed', end_status: 'no-answer' }]);
  });

  it('counts a forwarded call answered at the salon as answered, from the forwarded leg’s callbacks', async () => {
    const sid = 'CA-forwarded-2';
    await post('/twilio/voice', { CallSid: sid, From: '+13125550102', To: '+18005551212', Direction: 'inbound' });
    await post('/twilio/status', { CallSid: 'CA-child-2', ParentCallSid: sid, CallStatus: 'in-progress', StatusCallbackEvent: 'answered' });
    await post('/twilio/status', { CallSid: 'CA-child-2', ParentCallSid: sid, CallStatus: 'completed', StatusCallbackEvent: 'completed', CallDuration: '95' });
    await post('/twilio/dial', { CallSid: sid, DialCallStatus: 'completed', DialCallDuration: '95' });
    const { body } = await server.request('GET', '/salon/calls?status=answered');
    expect(body.items).toMatchObject([{ call_sid: sid, status: 'answered', duration_sec: 95 }]);
  });
});

describe('Twilio webhooks without an auth token', () => {
  it('are accepted from this machine only', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(server.url + '/twilio/voice', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ CallSid: 'CA-local', From: '+13125550103' }).toString(),
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Say>');
    } finally {
      await server.stop();
    }
  });
});
