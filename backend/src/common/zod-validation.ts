import { z } from 'zod';
import { ErrorCode, VigieError } from './errors.js';

/** Validates an input at the edge; the error lists every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  const problems = res.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
  throw new VigieError(ErrorCode.Validation, `invalid ${what}: ${problems.join('; ')}`, { problems });
}

/** JSON Schema of a zod schema, for the generated OpenAPI document. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}
