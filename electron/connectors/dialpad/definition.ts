import type { ConnectorContext } from '../connector.js';
import { DEFAULT_BASE_URLS } from '../defaults.js';
import type { ProviderDefinition } from '../providers.js';
import { DialpadApi } from './api.js';
import { dialpadConnector } from './connector.js';
import type { DialpadCursor } from './log-source.js';
import { DialpadLogSource } from './log-source.js';

export const DIALPAD: ProviderDefinition = {
  id: 'dialpad',
  name: 'Dialpad',
  mode: 'live',
  fields: [{ name: 'api_key', label: 'API key', secret: true, pattern: /^[\x21-\x7e]{16,4096}$/, hint: 'a company API key (Dialpad → Admin settings → My company → Authentication → API keys)' }],
  create: (credentials, settings, ctx) => dialpadConnector(credentials.api_key!, settings.baseUrl ?? DEFAULT_BASE_URLS.dialpad, ctx as ConnectorContext<DialpadCursor>),
  test: async (credentials, settings, ctx) => {
    const calls = await new DialpadLogSource(new DialpadApi(credentials.api_key!, settings.baseUrl ?? DEFAULT_BASE_URLS.dialpad, ctx), { backfillDays: ctx.backfillDays, now: ctx.now }).count(ctx.backfillDays);
    return `Dialpad: ${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'} in the last ${ctx.backfillDays} days`;
  },
};
