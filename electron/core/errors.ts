import type { ApiError } from '../contract/index.js';

/** Input that the salon cannot accept: it names the field at fault, and nothing is stored. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** The salon's own errors as the API reports them; anything else is a 500 that applied nothing. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof InputError) return { status: 400, message: err.message, details: [{ field: err.field, message: err.message }] };
  if (err instanceof NotFoundError) return { status: 404, message: err.message };
  return { status: 500, message: 'internal error; the request was not applied' };
}
