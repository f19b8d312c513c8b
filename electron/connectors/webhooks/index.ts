/**
 * The push-only providers as connectors: each is "on" when its secret is set (environment or
 * Settings), and its calls arrive at `POST /<id>/webhook`, counted on the connector as they come.
 */
import type { WebhookConnectorId } from '../../contract/index.js';
import type { Connector, ConnectorStatus } from '../connector.js';
import type { ProviderDefinition } from '../providers.js';
import { AIRCALL_WEBHOOK } from './aircall.js';
import { QUO_WEBHOOK } from './quo.js';
import type { WebhookProvider } from './signed-request.js';
import { TELNYX_WEBHOOK } from './telnyx.js';
import { VONAGE_WEBHOOK } from './vonage.js';

export const WEBHOOK_PROVIDERS: Readonly<Record<WebhookConnectorId, WebhookProvider>> = {
  aircall: AIRCALL_WEBHOOK,
  quo: QUO_WEBHOOK,
  telnyx: TELNYX_WEBHOOK,
  vonage: VONAGE_WEBHOOK,
};

/** Nothing to run: with its secret set, the connector waits for the provider's posts. */
class WebhookConnector implements Connector {
  private current: ConnectorStatus = { state: 'off', lastError: null, backfill: null };

  constructor(private readonly changed: () => void) {}

  start(): void {
    this.current = { ...this.current, state: 'ok' };
    this.changed();
  }

  async stop(): Promise<void> {
    this.current = { ...this.current, state: 'off' };
  }

  status(): ConnectorStatus {
    return this.current;
  }

  async syncNow(): Promise<void> {}
}

export const webhookPath = (id: WebhookConnectorId) => `/${id}/webhook`;

/** A push-only provider's definition: one secret, checked on every post. */
export function webhookDefinition(id: WebhookConnectorId, name: string, secret: ProviderDefinition['fields'][number]): ProviderDefinition {
  return {
    id,
    name,
    mode: 'webhook',
    fields: [secret],
    create: (_credentials, _settings, ctx) => new WebhookConnector(ctx.changed),
    test: async () => `${name}: the ${secret.label.toLowerCase()} is set; ${name} must post to https://<public address>${webhookPath(id)} (README: "Webhooks through a tunnel")`,
  };
}
