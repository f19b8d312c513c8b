/**
 * 3CX (v20) API access: a token by the client-credentials grant at `POST {pbx}/connect/token`
 * (the client id and secret of an API client made in the 3CX admin console), kept until a
 * minute before it expires. A request refused as unauthorized drops it, so the next one asks
 * again.
 */
import { ProviderError, ProviderHttp } from '../http.js';
import type { ConnectorContext } from '../connector.js';

export interface ThreeCxCredentials {
  /** The PBX's own address, e.g. https://salon.3cx.us:5001 */
  url: string;
  client_id: string;
  client_secret: string;
}

const EARLY_MS = 60_000;

export const threeCxHttp = (ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now'>) =>
  new ProviderHttp({ provider: '3CX', credentialsHint: 'check the Client ID and secret of the API client (3CX Admin → Integrations → API)', timer: ctx.timer, now: ctx.now });

export class ThreeCxAuth {
  private token: { access: string; expiresAt: number } | null = null;

  constructor(
    readonly credentials: ThreeCxCredentials,
    private readonly http: ProviderHttp,
    private readonly now: () => number,
  ) {}

  url(path: string): string {
    return this.credentials.url.replace(/\/$/, '') + path;
  }

  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - EARLY_MS > this.now()) return this.token.access;
    const form = { client_id: this.credentials.client_id, client_secret: this.credentials.client_secret, grant_type: 'client_credentials' };
    let answer: { access_token: string; expires_in: number };
    try {
      answer = await this.http.json(this.url('/connect/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      });
    } catch (err) {
      // The token endpoint answers 400 invalid_client for an unknown client or a wrong secret.
      if (err instanceof ProviderError && err.status === 400) throw new ProviderError('credentials', '3CX refused the API client (400 invalid_client): check the Client ID and secret (3CX Admin → Integrations → API)', undefined, 400);
      throw err;
    }
    this.token = { access: answer.access_token, expiresAt: this.now() + answer.expires_in * 1000 };
    return answer.access_token;
  }

  async json<T>(path: string): Promise<T> {
    const access = await this.accessToken();
    try {
      return await this.http.json<T>(this.url(path), { headers: { authorization: `Bearer ${access}`, accept: 'application/json' } });
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'credentials') this.token = null;
      throw err;
    }
  }
}
