import { ID_TEXT, ID_TEXT_MESSAGE, PLAIN_TEXT, PLAIN_TEXT_MESSAGE } from './schemas.js';
/** How every failure crosses a boundary (HTTP body, IPC result): a message, a status and the fields at fault. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ApiError {
  /** HTTP status semantics: 400 bad input, 401, 403, 404, 409 (not possible here: the message says what to do), 413, 500. */
  status: number;
  message: string;
  details?: FieldProblem[];
}

/** A JSON-Schema validation error's message, in words for the text patterns (never the pattern itself). */
export function schemaErrorMessage(e: { keyword: string; params: unknown; message?: string | undefined }): string {
  const pattern = (e.params as { pattern?: string }).pattern;
  if (e.keyword === 'pattern' && pattern === PLAIN_TEXT) return PLAIN_TEXT_MESSAGE;
  if (e.keyword === 'pattern' && pattern === ID_TEXT) return ID_TEXT_MESSAGE;
  return e.message ?? 'is invalid';
}

/** A JSON-Schema validation error (Ajv's and TypeBox's share this shape) as the field it is about: `/customer/phone` → `customer.phone`. */
export function schemaErrorField(e: { instancePath: string; params: unknown }): string {
  const params = e.params as { missingProperty?: string; requiredProperties?: string[] };
  const path = e.instancePath.split('/').filter(Boolean);
  const missing = params.missingProperty ?? params.requiredProperties?.[0];
  if (missing) path.push(missing);
  return path.join('.') || 'body';
}
