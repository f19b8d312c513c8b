/**
 * RingCentral's OAuth with the JWT grant (`POST /restapi/oauth/token`, client id and secret
 * as HTTP Basic): an access token kept until a minute before it expires, then refreshed with
 * its refresh token (or, failing that, a new JWT grant). A request refused as unauthorized
 * drops the token, so the next one gets a fresh one.
 */
import { ProviderError, type ProviderHttp } from '../http.js';

export interface RingCentralCredentials {
  client_id: string;
  client_secret: string;
  jwt: string;
}

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A token this close to its expiry is refreshed before use. */
const EARLY_MS = 60_000;

export class RingCentralAuth {
  private token: { access: string; expiresAt: number; refresh: string | null } | null = null;

  constructor(
    private readonly credentials: RingCentralCredentials,
    private readonly http: ProviderHttp,
    private readonly options: { baseUrl: string; now: () => number },
  ) {}

  url(path: string): string {
    return this.options.baseUrl.replace(/\/$/, '') + path;
  }

  private async grant(form: Record<string, string>): Promise<void> {
    const basic = Buffer.from(`${this.credentials.client_id}:${this.credentials.client_secret}`).toString('base64');
    let answer: TokenAnswer;
    try {
      answer = await this.http.json<TokenAnswer>(this.url('/restapi/oauth/token'), {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      });
    } catch (err) {
      // A grant refused (400 invalid_grant) is a JWT that is wrong, expired or revoked.
      if (err instanceof ProviderError && err.status === 400) throw new ProviderError('credentials', 'RingCentral refused the JWT (400 invalid_grant): check the JWT credential, and that it belongs to this app', undefined, 400);
      throw err;
    }
    this.token = { access: answer.access_token, expiresAt: this.options.now() + answer.expires_in * 1000, refresh: answer.refresh_token ?? null };
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const current = this.token;
    if (current && current.expiresAt - EARLY_MS > this.options.now()) return current.access;
    if (current?.refresh) {
      try {
        await this.grant({ grant_type: 'refresh_token', refresh_token: current.refresh });
        return this.token!.access;
      } catch {
        // The refresh token was refused (expired, revoked): the JWT grant starts over.
      }
    }
    await this.grant({ grant_type: JWT_GRANT, assertion: this.credentials.jwt });
    return this.token!.access;
  }

  /** A JSON request with the access token. */
  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const access = await this.accessToken();
    try {
      return await this.http.json<T>(this.url(path), { ...init, headers: { ...init.headers, authorization: `Bearer ${access}`, accept: 'application/json' } });
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'credentials') this.token = null;
      throw err;
    }
  }
}
