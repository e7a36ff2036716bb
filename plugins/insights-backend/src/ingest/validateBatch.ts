import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { insightsWireSchema, type WireBatch } from 'backstage-plugin-insights-wasm-common';

/** Why a body is not a batch: the first bad field and what is wrong with it. */
export interface BatchProblem {
  field: string;
  message: string;
}

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv, ['date-time', 'uuid']);
const check = ajv.compile<WireBatch>(insightsWireSchema);

/** `/events/3/timestamp` -> `events[3].timestamp`. */
function fieldName(error: ErrorObject): string {
  let field = '';
  for (const part of error.instancePath.split('/').slice(1)) {
    field += /^\d+$/.test(part) ? `[${part}]` : field ? `.${part}` : part;
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return field ? `${field}.${missing}` : missing;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return field ? `${field}.${extra}` : extra;
  }
  return field || 'body';
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'format':
      return (error.params as { format: string }).format === 'date-time' ? 'not RFC 3339' : 'not a UUID';
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not part of the wire contract';
    case 'maxItems':
      return `at most ${(error.params as { limit: number }).limit} events per batch`;
    case 'minItems':
      return 'must not be empty';
    case 'pattern':
    case 'anyOf':
      return 'must be 64 lowercase hex characters or null';
    default:
      return error.message ?? 'is not valid';
  }
}

/** The body as a batch, or the first problem, named by field (`events[3].timestamp: not RFC 3339`). */
export function validateBatch(body: unknown): { batch: WireBatch } | { problem: BatchProblem } {
  if (check(body)) return { batch: body };
  const error = check.errors![0];
  return { problem: { field: fieldName(error), message: describe(error) } };
}
