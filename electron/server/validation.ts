import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: true, useDefaults: true, removeAdditional: true, strict: false };
// Query strings and path parameters are text by nature: "12" is the number 12.
const lenient = new Ajv({ ...common, coerceTypes: 'array' });
// A JSON body says what it means: `"duration_sec": true` is a mistake, not 1.
const exact = new Ajv({ ...common, coerceTypes: false });

/** Bodies are checked exactly; query strings and path parameters with type coercion. */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? exact : lenient).compile(schema);
