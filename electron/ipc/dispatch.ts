/**
 * The IPC transport's main-process side, without Electron: one `invoke(method, input)` entry
 * that checks the method is in the contract and the input matches its schema before the
 * handler runs. Results cross the process boundary as `{ok, value} | {ok: false, error}`.
 */
import { Compile } from 'typebox/compile';
import { API_INPUTS, schemaErrorField, schemaErrorMessage, type ApiError, type ApiHandlers, type ApiMethod } from '../contract/index.js';
import { toApiError } from '../core/errors.js';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

const validators = Object.fromEntries(
  Object.entries(API_INPUTS).map(([method, schema]) => [method, Compile(schema)]),
) as { [M in ApiMethod]: ReturnType<typeof Compile> };

const isMethod = (name: unknown): name is ApiMethod => typeof name === 'string' && Object.hasOwn(API_INPUTS, name);

export function createDispatcher(api: ApiHandlers, onError: (err: unknown) => void = () => {}): (method: unknown, input: unknown) => Promise<IpcResult> {
  return async (method, input) => {
    if (!isMethod(method)) return { ok: false, error: { status: 404, message: `unknown method ${JSON.stringify(method)}` } };
    const validator = validators[method];
    const value = input ?? {};
    if (!validator.Check(value)) {
      const details = [...validator.Errors(value)].map((e) => ({ field: schemaErrorField(e), message: schemaErrorMessage(e) }));
      return { ok: false, error: { status: 400, message: `invalid ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details } };
    }
    try {
      const handler = api[method] as (input: unknown) => unknown;
      return { ok: true, value: await handler(value) };
    } catch (err) {
      const error = toApiError(err);
      if (error.status === 500) onError(err);
      return { ok: false, error };
    }
  };
}
