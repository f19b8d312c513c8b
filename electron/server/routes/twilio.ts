import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { CallEventBody } from '../../contract/index.js';
import { EMPTY_TWIML, dialActionEvent, forwardTwiml, statusCallbackEvent, voiceWebhookEvent, type TwilioParams } from '../../core/twilio.js';
import { isLoopback } from '../auth.js';
import { isValidTwilioSignature } from '../twilio-signature.js';
import { checkedCallEvent } from '../call-event-check.js';
import type { SpooledIngest } from '../../core/spool.js';

export interface TwilioOptions {
  /** TWILIO_AUTH_TOKEN: when set, every request must carry a valid X-Twilio-Signature. */
  authToken?: string | undefined;
  /** The public base URL Twilio calls (a tunnel or proxy), e.g. https://salon.example.com; needed behind one. */
  publicUrl?: string | undefined;
  /** The salon's own phone, where /twilio/voice forwards calls. */
  forwardTo?: string | undefined;
}

function requestedUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '') + request.url;
  const proto = (request.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0] ?? request.protocol;
  const host = (request.headers['x-forwarded-host'] as string | undefined) ?? request.headers.host;
  return `${proto}://${host}${request.url}`;
}

/** Form fields as strings, one each: a field sent twice counts once (its first value), anything else is dropped. */
function formParams(body: unknown): TwilioParams {
  const params: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return params;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') params[key] = first;
  }
  return params;
}

/** Headers a proxy or tunnel adds: through one, every request comes from loopback, wherever it started. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'cf-connecting-ip'];

/** Why an unsigned webhook cannot be trusted, or null when it comes straight from this machine to an open listener. */
function unsignedRefusal(request: FastifyRequest, webhookToken: string | undefined): string | null {
  if (webhookToken) return 'the listener has a webhook token';
  if (!isLoopback(request.socket.remoteAddress ?? '')) return 'it comes from the network';
  const forwarded = FORWARDING_HEADERS.find((name) => request.headers[name] !== undefined);
  return forwarded ? `it came through a proxy or tunnel (${forwarded})` : null;
}

/**
 * Twilio's own webhooks, mapped onto SPEC §2's call events. With TWILIO_AUTH_TOKEN set each
 * request needs Twilio's signature; without it, only a request made on this machine, to a
 * listener with no webhook token, and through no proxy, is taken.
 */
export const twilioRoutes = (options: TwilioOptions, ingest: SpooledIngest, webhookToken: () => string | undefined): FastifyPluginAsync => async (app) => {
  await app.register(formbody);

  app.addHook('preHandler', async (request, reply) => {
    const params = (request.body ?? {}) as Record<string, string>;
    if (options.authToken) {
      const url = requestedUrl(request, options.publicUrl);
      if (!isValidTwilioSignature(options.authToken, request.headers['x-twilio-signature'] as string | undefined, url, params)) {
        return reply.code(403).send({ error: 'bad X-Twilio-Signature: the request was not signed by Twilio with this auth token and URL' });
      }
    } else {
      const why = unsignedRefusal(request, webhookToken());
      if (why) return reply.code(403).send({ error: `set TWILIO_AUTH_TOKEN: an unsigned Twilio webhook is refused when ${why}`, details: [] });
    }
  });

  // Through the spool when there is one: Twilio still gets its TwiML (the call is still forwarded) while the database is locked.
  const record = async (event: CallEventBody | null) => {
    if (event) await ingest.recordCall(checkedCallEvent(event));
  };
  const publicBase = (request: FastifyRequest) => requestedUrl(request, options.publicUrl).replace(/\/twilio\/.*$/, '');

  app.post('/twilio/voice', async (request, reply) => {
    await record(voiceWebhookEvent(formParams(request.body)));
    return reply.type('text/xml').send(forwardTwiml(options.forwardTo, publicBase(request)));
  });

  app.post('/twilio/status', async (request, reply) => {
    await record(statusCallbackEvent(formParams(request.body)));
    return reply.type('text/xml').send(EMPTY_TWIML);
  });

  app.post('/twilio/dial', async (request, reply) => {
    await record(dialActionEvent(formParams(request.body)));
    return reply.type('text/xml').send(EMPTY_TWIML);
  });
};
