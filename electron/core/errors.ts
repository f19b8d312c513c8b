import type { ApiError } from '../contract/index.js';

/** Input that the salon cannot accept: it names the field at fault, and nothing is stored. */
export class InputError extends Error {
  /** `inWords` replaces "field: message" where the field's name would mean nothing to the desk ("Thursday's hours: …"). */
  constructor(
    readonly field: string,
    message: string,
    inWords?: string,
  ) {
    super(inWords ?? `${field}: ${message}`);
    this.name = 'InputError';
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * A request that is valid but cannot be done here and now (HTTP 409), with what to do instead;
 * e.g. restoring a backup under a running headless server. `statusCode` lets the HTTP error
 * handler answer it as it is.
 */
export class ConflictError extends Error {
  readonly statusCode = 409;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Input refused as a whole, with every problem found (e.g. a CSV file with rejected rows): a 400 listing them. */
export class RefusedError extends Error {
  constructor(
    message: string,
    readonly details: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** The salon's own errors as the API reports them; anything else is a 500 that applied nothing. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof InputError) return { status: 400, message: err.message, details: [{ field: err.field, message: err.message }] };
  if (err instanceof NotFoundError) return { status: 404, message: err.message };
  if (err instanceof ConflictError) return { status: 409, message: err.message };
  if (err instanceof RefusedError) return { status: 400, message: err.message, details: err.details };
  return { status: 500, message: 'internal error; the request was not applied' };
}
