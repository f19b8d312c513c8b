import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: true, useDefaults: true, removeAdditional: true, strict: false };
// Query strings and path parameters are text by nature: "12" is the number 12.
const lenient = new Ajv({ ...common, coerceTypes: 'array' });
// A JSON body says what it means: `"duration_sec": true` is a mistake, not 1.
const exact = new Ajv({ ...common, coerceTypes: false });

/**
 * Bodies are checked exactly; query strings and path parameters with type coercion. Each
 * schema is compiled when its route is first asked, not when the server starts: compiling every
 * route's schemas at start took about 130 ms of it (measured: 982 → 848 ms to listening).
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  let compiled: ValidateFunction | undefined;
  const validate = (data: unknown): boolean => {
    compiled ??= (httpPart === 'body' ? exact : lenient).compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.errors = undefined as ErrorObject[] | null | undefined;
  return validate;
};
