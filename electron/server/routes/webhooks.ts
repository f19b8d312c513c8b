/**
 * `POST /aircall/webhook`, `/quo/webhook`, `/telnyx/webhook`, `/vonage/webhook`: one route
 * shape for every push-only provider. The signature is checked on the raw body before anything
 * else; a bad, missing or stale one is a 403 and nothing is stored. A replay is the same call
 * events again, which the salon stores once.
 */
import type { FastifyPluginAsync } from 'fastify';
import { WEBHOOK_CONNECTOR_IDS, type WebhookConnectorId } from '../../contract/index.js';
import { InputError } from '../../core/errors.js';
import type { ConnectorHub } from '../../connectors/hub.js';
import { PROVIDERS } from '../../connectors/providers.js';
import { deliver, type CallSink } from '../../connectors/sink.js';
import { WEBHOOK_PROVIDERS, webhookPath } from '../../connectors/webhooks/index.js';
import { checkedCallEvent } from '../call-event-check.js';

export interface WebhookRouteOptions {
  ingest: CallSink;
  /** Where each provider's secret is set; without it every webhook is refused. */
  connectors: ConnectorHub | undefined;
  now: () => number;
  log: (line: string) => void;
}

function parsed(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

export const webhookRoutes = ({ ingest, connectors, now, log }: WebhookRouteOptions): FastifyPluginAsync => async (app) => {
  // Inside this plugin only: the body stays the bytes that were signed.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const route = (id: WebhookConnectorId) => {
    const provider = WEBHOOK_PROVIDERS[id];
    const { name, fields } = PROVIDERS[id];
    app.post(webhookPath(id), async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const secret = connectors?.webhookSecret(id);
      if (!secret) return reply.code(403).send({ error: `${name} webhooks are refused until its ${fields[0]!.label.toLowerCase()} is set (Settings → Phone system, or the environment)`, details: [] });
      const json = parsed(raw);
      const refusal = provider.refusal({ raw, headers: request.headers, json }, secret, now());
      if (refusal) {
        log(`${name} webhook refused: ${refusal}`);
        return reply.code(403).send({ error: `${name} webhook refused: ${refusal}`, details: [] });
      }
      if (json === undefined) throw new InputError('body', 'is not JSON');
      const events = provider.events(json).map(checkedCallEvent);
      const delivery = await deliver(ingest, events, (_event, err) => {
        throw err;
      });
      connectors?.received(id, delivery);
      return { ok: true, events: events.length, imported: delivery.imported };
    });
  };
  WEBHOOK_CONNECTOR_IDS.forEach(route);
};
