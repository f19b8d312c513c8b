import { Ajv } from 'ajv';
import { CallEventBody, schemaErrorField } from '../contract/index.js';
import { InputError } from '../core/errors.js';

const isValidCallEvent = new Ajv({ allErrors: true, strict: false }).compile<CallEventBody>(CallEventBody);

/** A call event a phone system's own fields were mapped to, held to the same schema as `POST /salon/call`'s. */
export function checkCallEvent(event: CallEventBody): CallEventBody {
  if (!isValidCallEvent(event)) {
    const e = isValidCallEvent.errors![0]!;
    throw new InputError(schemaErrorField(e), e.message ?? 'is invalid');
  }
  return event;
}
