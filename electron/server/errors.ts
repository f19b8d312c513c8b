import type { FastifyError, FastifyInstance } from 'fastify';
import { InputError, NotFoundError } from '../core/errors.js';

export interface ErrorBody {
  error: string;
  details?: { field: string; message: string }[];
}

/** The field an Ajv error is about: `body/customer/phone` → `customer.phone`. */
function fieldOf(v: NonNullable<FastifyError['validation']>[number]): string {
  const params = v.params as { missingProperty?: string; additionalProperty?: string };
  const path = v.instancePath.split('/').filter(Boolean);
  if (params.missingProperty) path.push(params.missingProperty);
  return path.join('.') || 'body';
}

/** Every error answers `{"error", "details"}`; a client's mistake is a 4xx naming the field. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      const details = err.validation.map((v) => ({ field: fieldOf(v), message: v.message ?? 'is invalid' }));
      const where = err.validationContext === 'querystring' ? 'query parameter' : err.validationContext === 'params' ? 'path parameter' : 'field';
      return reply.code(400).send({ error: `invalid ${where} ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details });
    }
    if (err instanceof InputError) {
      return reply.code(400).send({ error: err.message, details: [{ field: err.field, message: err.message }] });
    }
    if (err instanceof NotFoundError) return reply.code(404).send({ error: err.message });
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: 'request body is larger than the 64 KiB limit' });
    if (status === 415) return reply.code(400).send({ error: 'send the body as JSON (Content-Type: application/json)' });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal error; the request was not applied' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` }));
}
