import type { FastifyError, FastifyInstance } from 'fastify';
import { InputError, NotFoundError, toApiError } from '../core/errors.js';
import { schemaErrorField, schemaErrorMessage } from '../contract/index.js';
import { isEventWebhook } from './logging.js';
import { isStorageUnavailable, storageProblem, StorageUnavailableError } from '../core/spool.js';

function refusedFields(err: FastifyError): string[] {
  if (err.validation) return err.validation.map((v) => schemaErrorField(v));
  return err instanceof InputError ? [err.field] : [];
}

/** Every error answers `{"error", "details"}`; a client's mistake is a 4xx naming the field. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    // The webhooks' own log line: fastify does not log their requests (see isEventWebhook).
    // Which fields, never their values (a refused phone number stays out of the log).
    if (isEventWebhook(request)) request.log.info({ fields: refusedFields(err), code: err.code, statusCode: err.statusCode }, 'event refused');
    if (err.validation) {
      const details = err.validation.map((v) => ({ field: schemaErrorField(v), message: schemaErrorMessage(v) }));
      const where = err.validationContext === 'querystring' ? 'query parameter' : err.validationContext === 'params' ? 'path parameter' : 'field';
      return reply.code(400).send({ error: `invalid ${where} ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details });
    }
    if (err instanceof InputError || err instanceof NotFoundError) {
      const { status, message, details } = toApiError(err);
      return reply.code(status).send({ error: message, details: details ?? [] });
    }
    // The database is locked, full or failing: a clear 503, never an anonymous 500.
    if (err instanceof StorageUnavailableError) return reply.code(503).send({ error: err.message, details: [] });
    if (isStorageUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      return reply.code(503).send({ error: `${storageProblem(err)}; the request was not applied: try again later`, details: [] });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: 'request body is larger than the 64 KiB limit', details: [] });
    if (status === 415) {
      const message = 'send the body as JSON (Content-Type: application/json)';
      return reply.code(400).send({ error: message, details: [{ field: 'body', message }] });
    }
    // A body that is not JSON (or is empty with a JSON content type) is a mistake in the body.
    if (status === 400 && err.code?.startsWith('FST_ERR_CTP_')) {
      return reply.code(400).send({ error: err.message, details: [{ field: 'body', message: err.message }] });
    }
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message, details: [] });
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal error; the request was not applied', details: [] });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}`, details: [] }));
}
