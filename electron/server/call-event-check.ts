import { Ajv } from 'ajv';
import { CallEventBody, schemaErrorField } from '../contract/index.js';
import { InputError } from '../core/errors.js';
import { parseInstant } from '../core/time.js';

/** The call events a provider's fields map to are held to the same schema as `POST /salon/call`'s. */
const isValidCallEvent = new Ajv({ allErrors: true, strict: false }).compile<CallEventBody>(CallEventBody);

/** Checks a mapped call event (schema and time) before anything is stored: a bad one is an InputError (400). */
export function checkedCallEvent(event: CallEventBody): CallEventBody {
  if (!isValidCallEvent(event)) {
    const e = isValidCallEvent.errors![0]!;
    throw new InputError(schemaErrorField(e), e.message ?? 'is invalid');
  }
  if (event.timestamp) parseInstant(event.timestamp, 'timestamp');
  return event;
}
