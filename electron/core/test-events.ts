import { randomUUID } from 'node:crypto';
import type { AppointmentEventBody, CallEventBody } from '../contract/index.js';

/**
 * What `/salon/test/*` creates when the body leaves things out: a believable caller, so the
 * desk can see a test call arrive. Test records are flagged and left out of every figure.
 */
export const TEST_CALLER = { phone: '+13125550100', name: 'Test caller' } as const;

export function testCallEvent(partial: Partial<CallEventBody>): CallEventBody {
  return {
    ...partial,
    event: partial.event ?? 'started',
    call_sid: partial.call_sid ?? `TEST-${randomUUID()}`,
    from: partial.from ?? TEST_CALLER.phone,
    caller_name: partial.caller_name ?? TEST_CALLER.name,
  };
}

export function testAppointmentEvent(partial: Partial<AppointmentEventBody>, now: number): AppointmentEventBody {
  return {
    ...partial,
    customer: partial.customer ?? { phone: TEST_CALLER.phone, name: TEST_CALLER.name },
    service: partial.service ?? 'Haircut',
    start: partial.start ?? new Date(now + 24 * 60 * 60 * 1000).toISOString(),
  };
}
