/** Dialpad's REST API (`Authorization: Bearer <API key>`), at SALON_DIALPAD_API_URL (default https://dialpad.com). */
import type { ConnectorContext } from '../connector.js';
import { ProviderHttp } from '../http.js';

export class DialpadApi {
  private readonly http: ProviderHttp;

  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string,
    ctx: Pick<ConnectorContext<unknown>, 'timer' | 'now'>,
  ) {
    this.http = new ProviderHttp({ provider: 'Dialpad', credentialsHint: 'check the API key (Dialpad → Admin settings → My company → Authentication → API keys)', timer: ctx.timer, now: ctx.now });
  }

  get<T>(path: string): Promise<T> {
    return this.http.json<T>(this.baseUrl + path, { headers: { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' } });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.http.json<T>(this.baseUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
}
