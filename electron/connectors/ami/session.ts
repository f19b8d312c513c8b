/**
 * One logged-in AMI connection: TCP to the manager port, the banner, `Action: Login` with
 * `Events: on`, then every event to `onEvent`. A refused login, a host that cannot be reached
 * and a peer that is not Asterisk fail the opening with a `ProviderError` in words; the secret
 * is sent to Asterisk only, never repeated.
 */
import { connect, type Socket } from 'node:net';
import { ProviderError } from '../http.js';
import { AmiReader, formatAction, type AmiMessage } from './protocol.js';

export interface AmiAddress {
  host: string;
  port: number;
  username: string;
  secret: string;
}

export interface AmiSessionHandlers {
  event(message: AmiMessage): void;
  /** A response to an action sent with `send` (matched by its ActionID). */
  response?(message: AmiMessage): void;
  /** The connection ended after the login (not called when the opening fails). */
  closed(why: string): void;
}

const OPEN_TIMEOUT_MS = 10_000;
const LOGIN_ID = 'salon-login';

export class AmiSession {
  private constructor(
    private readonly socket: Socket,
    readonly banner: string,
  ) {}

  /** Connects and logs in; resolves once Asterisk accepted the login. */
  static open(address: AmiAddress, handlers: AmiSessionHandlers): Promise<AmiSession> {
    const where = `${address.host}:${address.port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port });
      socket.setEncoding('utf8');
      socket.setNoDelay(true);
      let session: AmiSession | null = null;
      let banner = '';
      const fail = (err: ProviderError) => {
        if (session) return;
        socket.destroy();
        reject(err);
      };
      const timeout = setTimeout(() => fail(new ProviderError('network', `Asterisk at ${where} did not answer the login within ${OPEN_TIMEOUT_MS / 1000} s`)), OPEN_TIMEOUT_MS);
      const reader = new AmiReader(
        (message) => {
          if (session) {
            if (message.Event) handlers.event(message);
            else if (message.Response) handlers.response?.(message);
            return;
          }
          if (message.ActionID !== LOGIN_ID || !message.Response) return;
          clearTimeout(timeout);
          if (message.Response !== 'Success') {
            return fail(new ProviderError('credentials', `Asterisk refused the login (${message.Message ?? message.Response}): check the AMI username and secret in manager.conf, and its permit= line`));
          }
          session = new AmiSession(socket, banner);
          resolve(session);
        },
        (greeting) => {
          banner = greeting;
          socket.write(formatAction({ Action: 'Login', ActionID: LOGIN_ID, Username: address.username, Secret: address.secret, Events: 'on' }));
        },
      );
      socket.on('data', (chunk: string) => {
        try {
          reader.push(chunk);
        } catch (err) {
          clearTimeout(timeout);
          fail(new ProviderError('provider', `${where} is not an Asterisk manager port: ${(err as Error).message}`));
          socket.destroy();
        }
      });
      socket.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timeout);
        fail(new ProviderError('network', `Asterisk cannot be reached at ${where} (${err.code ?? err.message}): check the AMI host and port, and that the manager is enabled`));
      });
      socket.on('close', () => {
        clearTimeout(timeout);
        if (session) handlers.closed(`the connection to Asterisk at ${where} was lost`);
        else fail(new ProviderError('network', `Asterisk at ${where} closed the connection before the login`));
      });
    });
  }

  send(action: AmiMessage): void {
    if (!this.socket.destroyed) this.socket.write(formatAction(action));
  }

  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end(formatAction({ Action: 'Logoff' }));
    this.socket.destroySoon();
  }

  /** Drops the connection at once (it stopped answering). */
  destroy(): void {
    this.socket.destroy();
  }
}
