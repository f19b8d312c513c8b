/**
 * The Asterisk / FreePBX connector, for real: the headless server (real database file, real
 * HTTP) logged in over TCP to a local stand-in of Asterisk's manager interface.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../electron/config/config.js';
import { cleanEnv } from '../support/child.js';
import { AMI_SECRET, AMI_USER, inboundCall, startAmiStandIn, type AmiStandIn } from './ami-stand-in.js';
import { removeDir, startConnectorServer, type ConnectorServer, callOf as call, callsOf as calls, eventually as until } from './support.js';

let standIn: AmiStandIn | undefined;
let server: ConnectorServer | undefined;
afterEach(async () => {
  await server?.close();
  await standIn?.close();
  if (server) removeDir(server.dir);
  server = undefined;
  standIn = undefined;
});

const amiEnv = (port: number, secret = AMI_SECRET) => ({
  env: { ami: { host: '127.0.0.1', port: String(port), username: AMI_USER, secret, inbound_contexts: 'from-trunk,from-pstn,from-did-direct' } },
});

async function connected(): Promise<{ ami: AmiStandIn; s: ConnectorServer }> {
  standIn = await startAmiStandIn();
  server = await startConnectorServer(amiEnv(standIn.port));
  await server.until('ami', (v) => v.state === 'ok');
  return { ami: standIn, s: server };
}


const ended = (s: ConnectorServer, sid: string) => until(`call ${sid} to end`, async () => { const c = await call(s, sid); return c?.ended_at ? c : undefined; });

const T0 = Date.parse('2026-11-23T15:00:00Z');

describe('Asterisk / FreePBX over AMI', () => {
  it('an answered call: live while it rings, answered at the DialEnd, ended with the CDR’s talk time', async () => {
    const { ami, s } = await connected();
    const c = inboundCall('1732370400.1', T0, { from: '+13125550142', name: 'Ana Ruiz' });
    ami.emit(c.ring(0));
    const ringing = await until('the ringing call', () => call(s, '1732370400.1'));
    expect(ringing).toMatchObject({ status: 'live', direction: 'inbound', from: '+13125550142', caller_name: 'Ana Ruiz', started_at: '2026-11-23T15:00:00.000Z' });
    for (const e of c.dial('101', 1)) ami.emit(e);
    ami.emit(c.dialEnd('101', 'ANSWER', 7));
    ami.emit(c.bridge(7));
    await until('answered', async () => (await call(s, '1732370400.1'))?.answered_at);
    ami.emit(c.hangupDesk('101', 49));
    ami.emit(c.hangup(49));
    ami.emit(c.cdr('ANSWERED', 49, 42));
    expect(await ended(s, '1732370400.1')).toMatchObject({
      status: 'answered', end_status: 'completed', duration_sec: 42,
      answered_at: '2026-11-23T15:00:07.000Z', ended_at: '2026-11-23T15:00:49.000Z',
    });
    expect((await s.connector('ami')).calls_imported).toBe(1);
    // Logged in with events on; the secret went to Asterisk only.
    expect(ami.actions[0]).toMatchObject({ Action: 'Login', Username: AMI_USER, Events: 'on' });
    expect(JSON.stringify(await s.connector('ami'))).not.toContain(AMI_SECRET);
  });

  it('a missed call (nobody answered the ring group) ends missed, by the dial status, without a CDR', async () => {
    const { ami, s } = await connected();
    const c = inboundCall('1732370500.5', T0, { from: '+13125550177', name: 'Bo Lee', context: 'from-pstn' });
    ami.emit(c.ring(0));
    for (const e of c.dial('101', 1)) ami.emit(e);
    ami.emit(c.dialEnd('101', 'NOANSWER', 21));
    ami.emit(c.hangupDesk('101', 21));
    ami.emit(c.hangup(22));
    expect(await ended(s, '1732370500.5')).toMatchObject({ status: 'missed', end_status: 'no-answer', answered_at: null, ended_at: '2026-11-23T15:00:22.000Z' });
  });

  it('a caller who hangs up while it rings is missed (canceled), with the ring time kept; an internal call is not a salon call', async () => {
    const { ami, s } = await connected();
    const internal = inboundCall('1732370600.9', T0, { from: '102', name: 'Back Office', context: 'from-internal' });
    ami.emit(internal.ring(0));
    const c = inboundCall('1732370600.7', T0, { from: '+13125550188', name: 'Cy Dunn' });
    ami.emit(c.ring(0));
    for (const e of c.dial('101', 1)) ami.emit(e);
    ami.emit(c.hangup(6));
    ami.emit(c.dialEnd('101', 'CANCEL', 6));
    ami.emit(c.hangupDesk('101', 6));
    ami.emit(c.cdr('NO ANSWER', 6, 0));
    const gone = await ended(s, '1732370600.7');
    expect(gone).toMatchObject({ status: 'missed', end_status: 'canceled', started_at: '2026-11-23T15:00:00.000Z', ended_at: '2026-11-23T15:00:06.000Z' });
    expect((await calls(s)).map((x) => x.call_sid)).toEqual(['1732370600.7']);
  });

  it('two calls interleaved are kept apart by Linkedid', async () => {
    const { ami, s } = await connected();
    const a = inboundCall('1732370700.1', T0, { from: '+13125550101', name: 'First Caller' });
    const b = inboundCall('1732370700.3', T0 + 2000, { from: '+13125550102', name: 'Second Caller' });
    ami.emit(a.ring(0));
    ami.emit(b.ring(0));
    for (const e of a.dial('101', 1)) ami.emit(e);
    for (const e of b.dial('102', 1)) ami.emit(e);
    ami.emit(a.dialEnd('101', 'ANSWER', 4));
    ami.emit(b.dialEnd('102', 'BUSY', 3));
    ami.emit(b.hangupDesk('102', 3));
    ami.emit(b.hangup(5));
    ami.emit(a.bridge(4));
    ami.emit(a.hangupDesk('101', 30));
    ami.emit(a.hangup(30));
    ami.emit(b.cdr('BUSY', 5, 0));
    ami.emit(a.cdr('ANSWERED', 30, 26));
    expect(await ended(s, '1732370700.1')).toMatchObject({ status: 'answered', caller_name: 'First Caller', duration_sec: 26 });
    expect(await ended(s, '1732370700.3')).toMatchObject({ status: 'missed', end_status: 'busy', caller_name: 'Second Caller', answered_at: null });
    expect(await calls(s)).toHaveLength(2);
  });

  it('a connection dropped mid-call: it logs in again, the call goes on, and one that ended meanwhile is ended', async () => {
    const { ami, s } = await connected();
    const kept = inboundCall('1732370800.1', T0, { from: '+13125550111', name: 'Kept Caller' });
    const lost = inboundCall('1732370800.4', T0, { from: '+13125550112', name: 'Lost Caller' });
    ami.emit(kept.ring(0));
    ami.emit(lost.ring(0));
    await until('both ringing', async () => (await calls(s)).length === 2);
    // While the connection is down, `lost` hangs up; Asterisk still has `kept`'s channels.
    ami.liveCalls.add('1732370800.1');
    ami.drop();
    await until('a second login', async () => ami.logins === 2 && ami.connected() === 1);
    expect(ami.actions.filter((a) => a.Action === 'Login')).toHaveLength(2);
    await s.until('ami', (v) => v.state === 'ok');
    ami.emit(kept.dialEnd('101', 'ANSWER', 5));
    ami.emit(kept.hangup(40));
    ami.emit(kept.cdr('ANSWERED', 40, 35));
    expect(await ended(s, '1732370800.1')).toMatchObject({ status: 'answered', duration_sec: 35 });
    expect(await ended(s, '1732370800.4')).toMatchObject({ status: 'missed', answered_at: null });
    expect(ami.actions.some((a) => a.Action === 'CoreShowChannels')).toBe(true);
  });

  it('a refused login is the connector’s error, in words; nothing is stored; the right secret tests fine', async () => {
    standIn = await startAmiStandIn();
    server = await startConnectorServer(amiEnv(standIn.port, 'not-the-secret'));
    const view = await server.until('ami', (v) => v.state === 'error');
    expect(view.last_error).toBe('Asterisk refused the login (Authentication failed): check the AMI username and secret in manager.conf, and its permit= line');
    expect(JSON.stringify(view)).not.toContain('not-the-secret');
    expect(await calls(server)).toHaveLength(0);
    const tested = await server.request('POST', '/salon/connectors/ami/test', { credentials: { host: '127.0.0.1', port: String(standIn.port), username: AMI_USER, secret: AMI_SECRET } });
    expect(tested.body).toEqual({ id: 'ami', ok: true, message: `Asterisk: logged in as ${AMI_USER} (Asterisk Call Manager/5.0.1)` });
  });

  it('a host where no manager listens: an error that says where it looked', async () => {
    standIn = await startAmiStandIn();
    const port = standIn.port;
    await standIn.close();
    standIn = undefined;
    server = await startConnectorServer(amiEnv(port));
    const view = await server.until('ami', (v) => v.state === 'error');
    expect(view.last_error).toBe(`Asterisk cannot be reached at 127.0.0.1:${port} (ECONNREFUSED): check the AMI host and port, and that the manager is enabled`);
  });
});

describe('AMI configuration', () => {
  it('SALON_AMI_HOST, _USERNAME and _SECRET turn it on; the port defaults to 5038 and the contexts to FreePBX’s; the secret is masked', () => {
    const { config, sources } = resolveConfig(['--db', '/tmp/x.db'], cleanEnv({ SALON_AMI_HOST: 'pbx.local', SALON_AMI_USERNAME: 'salon', SALON_AMI_SECRET: 'amp-secret-0123' }), '/tmp');
    expect(config.connectors!.env.ami).toEqual({ host: 'pbx.local', port: '5038', username: 'salon', secret: 'amp-secret-0123', inbound_contexts: 'from-trunk,from-pstn,from-did-direct' });
    expect(JSON.stringify(sources)).not.toContain('amp-secret-0123');
    expect(() => resolveConfig(['--db', '/tmp/x.db'], cleanEnv({ SALON_AMI_PORT: 'manager' }), '/tmp')).toThrow('configuration SALON_AMI_PORT: "manager" is not a port number');
  });
});
