/**
 * A stand-in for Asterisk's manager interface (AMI) over TCP, from its documented exchanges:
 * the `Asterisk Call Manager/…` banner, `Action: Login` answered `Response: Success` (then
 * `FullyBooted`) or `Response: Error` with `Message: Authentication failed` and the connection
 * closed, `Ping` → `Ping: Pong`, `CoreShowChannels` as an event list, `Logoff` → `Goodbye`;
 * and the channel events of calls as FreePBX produces them (`Newchannel`, `DialBegin`,
 * `DialEnd`, `BridgeEnter`, `Hangup`, `Cdr`), sent to every logged-in connection.
 */
import { createServer, type Socket } from 'node:net';
import { AmiReader, formatAction, type AmiMessage } from '../../electron/connectors/ami/protocol.js';

export const AMI_USER = 'salon';
export const AMI_SECRET = 'amp-secret-0123';

export interface AmiStandIn {
  port: number;
  /** Logins accepted and refused. */
  logins: number;
  refusals: number;
  actions: AmiMessage[];
  /** Channels Asterisk still has, by Linkedid (answers CoreShowChannels). */
  liveCalls: Set<string>;
  emit(event: Record<string, string>): void;
  /** Closes every connection, as a restart of Asterisk or a network cut does. */
  drop(): void;
  connected(): number;
  close(): Promise<void>;
}

export async function startAmiStandIn(): Promise<AmiStandIn> {
  const sockets = new Set<Socket>();
  const loggedIn = new Set<Socket>();
  const send = (socket: Socket, message: Record<string, string>) => socket.write(formatAction(message));
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    socket.on('close', () => {
      sockets.delete(socket);
      loggedIn.delete(socket);
    });
    socket.on('error', () => {});
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    const reader = new AmiReader((action) => {
      state.actions.push(action);
      const id: Record<string, string> = action.ActionID ? { ActionID: action.ActionID } : {};
      switch (action.Action) {
        case 'Login':
          if (action.Username === AMI_USER && action.Secret === AMI_SECRET) {
            state.logins++;
            loggedIn.add(socket);
            send(socket, { Response: 'Success', ...id, Message: 'Authentication accepted' });
            send(socket, { Event: 'FullyBooted', Privilege: 'system,all', Status: 'Fully Booted' });
          } else {
            state.refusals++;
            send(socket, { Response: 'Error', ...id, Message: 'Authentication failed' });
            socket.end();
          }
          return;
        case 'Ping':
          return send(socket, { Response: 'Success', ...id, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
        case 'CoreShowChannels':
          send(socket, { Response: 'Success', ...id, EventList: 'start', Message: 'Channels will follow' });
          for (const linkedid of state.liveCalls) send(socket, { Event: 'CoreShowChannel', ...id, Channel: `PJSIP/trunk-${linkedid}`, Uniqueid: linkedid, Linkedid: linkedid });
          return send(socket, { Event: 'CoreShowChannelsComplete', ...id, EventList: 'Complete', ListItems: String(state.liveCalls.size) });
        case 'Logoff':
          send(socket, { Response: 'Goodbye', ...id, Message: 'Thanks for all the fish.' });
          socket.end();
          return;
        default:
          send(socket, { Response: 'Error', ...id, Message: 'Invalid/unknown command' });
      }
    });
    socket.on('data', (chunk: string) => reader.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: AmiStandIn = {
    port: (server.address() as { port: number }).port,
    logins: 0,
    refusals: 0,
    actions: [],
    liveCalls: new Set(),
    emit(event) {
      for (const socket of loggedIn) send(socket, event);
    },
    drop() {
      for (const socket of sockets) socket.destroy();
    },
    connected: () => loggedIn.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** The events of one inbound call as FreePBX sends them, dated from `startMs` (Timestamp, as with timestampevents = yes). */
export function inboundCall(linkedid: string, startMs: number, caller: { from: string; name: string; context?: string }) {
  const at = (offsetSec: number) => ({ Timestamp: ((startMs + offsetSec * 1000) / 1000).toFixed(6) });
  const trunk = { Channel: `PJSIP/trunk-${linkedid}`, Uniqueid: linkedid, Linkedid: linkedid, CallerIDNum: caller.from, CallerIDName: caller.name };
  const desk = (ext: string) => ({ Channel: `PJSIP/${ext}-${linkedid}`, Uniqueid: `${linkedid}.${ext}`, Linkedid: linkedid, CallerIDNum: ext, CallerIDName: 'Front Desk' });
  return {
    ring: (sec = 0) => ({ Event: 'Newchannel', ...at(sec), ...trunk, ChannelState: '0', ChannelStateDesc: 'Down', Context: caller.context ?? 'from-trunk', Exten: '+13125550100', Priority: '1' }),
    dial: (ext: string, sec: number) => [
      { Event: 'Newchannel', ...at(sec), ...desk(ext), ChannelState: '0', ChannelStateDesc: 'Down', Context: 'from-internal', Exten: ext, Priority: '1' },
      { Event: 'DialBegin', ...at(sec), ...trunk, DestChannel: desk(ext).Channel, DestUniqueid: desk(ext).Uniqueid, DestLinkedid: linkedid, DialString: ext },
    ],
    dialEnd: (ext: string, status: string, sec: number) => ({ Event: 'DialEnd', ...at(sec), ...trunk, DestChannel: desk(ext).Channel, DestUniqueid: desk(ext).Uniqueid, DestLinkedid: linkedid, DialStatus: status }),
    bridge: (sec: number) => ({ Event: 'BridgeEnter', ...at(sec), ...trunk, BridgeUniqueid: `bridge-${linkedid}`, BridgeNumChannels: '2' }),
    hangupDesk: (ext: string, sec: number) => ({ Event: 'Hangup', ...at(sec), ...desk(ext), Cause: '16', 'Cause-txt': 'Normal Clearing' }),
    hangup: (sec: number) => ({ Event: 'Hangup', ...at(sec), ...trunk, Cause: '16', 'Cause-txt': 'Normal Clearing' }),
    cdr: (disposition: string, durationSec: number, billableSec: number) => ({
      Event: 'Cdr', Source: caller.from, Destination: '101', DestinationContext: 'from-trunk', CallerID: `"${caller.name}" <${caller.from}>`, Channel: trunk.Channel,
      Duration: String(durationSec), BillableSeconds: String(billableSec), Disposition: disposition, UniqueID: linkedid,
    }),
  };
}
