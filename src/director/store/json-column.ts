import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import { formatSchemaIssues } from '../../protocol/index.js';

/** Any JSON value, as stored in a TEXT column. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/** A JSON object, as stored in a TEXT column. */
export type JsonObject = { [key: string]: JsonValue };

export const jsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), jsonValueSchema);

/** Serializes a value for a JSON TEXT column. */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Parses a JSON TEXT column against `schema`; `where` names the column for the error
 * (`instances.ips`).
 */
export function fromJsonColumn<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BosunError('STORE_ROW_INVALID', `Reading the Director database: ${where} is not JSON`, {
      cause: e,
    });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new BosunError(
    'STORE_ROW_INVALID',
    `Reading the Director database: ${where}: ${formatSchemaIssues(parsed.error).join('; ')}`,
  );
}
