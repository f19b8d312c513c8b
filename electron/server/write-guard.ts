/**
 * A browser sends some requests to any site without asking it first (no CORS preflight): a
 * POST whose body is `text/plain`, `application/x-www-form-urlencoded` or `multipart/form-data`,
 * or has no type at all, such as a form's or a `no-cors` fetch's. No `/salon` write takes one:
 * each needs a body of its own type (JSON; CSV for the import), which a page on another site
 * can only send after a preflight this server never grants (it sends no CORS headers).
 */
import { errorCodes, type FastifyInstance } from 'fastify';
import { InputError } from '../core/errors.js';
import { isSalonPath } from './auth.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPES: readonly string[] = ['application/json'];

/** A route's `config.bodyTypes`: the media types its body may have (JSON when unset). */
export interface BodyTypesConfig {
  bodyTypes?: readonly string[];
}

export function installWriteGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!WRITES.has(request.method) || !isSalonPath(request.routeOptions.url)) return;
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] === undefined && (length === undefined || Number(length) === 0)) {
      throw new InputError('body', 'a write needs a body (send {} as JSON when there is nothing else to say)');
    }
    const types = (request.routeOptions.config as BodyTypesConfig).bodyTypes ?? JSON_TYPES;
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    // Fastify's own 415: each route's error handler says what it takes (see errors.ts, routes/csv.ts).
    if (!types.includes(type)) throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type || '(none)');
  });
}
