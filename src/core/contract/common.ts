import { z } from 'zod';

/** The records users work with, star, search, view and attach activities to (SPEC §2). */
export const recordTypes = ['client', 'contact', 'opportunity'] as const;
export type RecordType = (typeof recordTypes)[number];

/**
 * A whole number written in a path or query: decimal digits only (no sign, spaces, exponent or hex,
 * which `Number` would take), within `min`–`max`; anything else is refused with `message`.
 */
export function wholeNumberText(min: number, max: number, message: string) {
  // Published as what it is to a client (an integer parameter with its bounds), not as the digits
  // pattern it is read with.
  const published = { type: 'integer', minimum: min, maximum: max, pattern: undefined };
  return z
    .string({ error: message })
    .regex(/^[0-9]{1,16}$/, message)
    .meta(published)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, message));
}

/** A record id in a path or query. */
export const idSchema = wholeNumberText(1, 2_147_483_647, 'must be a record id (a positive whole number)');
export const idParamsSchema = z.strictObject({ id: idSchema });

/** Ids in request bodies are plain JSON numbers. */
export const bodyIdSchema = z.number().int().positive().max(2_147_483_647);

/** SPEC §9.1: `limit` 1–200, default 50; anything else is refused. */
export const limitSchema = wholeNumberText(1, 200, 'must be a whole number from 1 to 200').default(50);

/** Opaque keyset cursor handed out as `nextCursor`. */
export const cursorSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'cursor must be a value returned as nextCursor')
  .optional();

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Required single-line text: trimmed, non-empty, no control characters. */
export function requiredText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !controlCharacters.test(value), 'must not contain control characters');
}

/** Optional text: omitted keeps the value, null or an empty string clears it. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine(
      (value) => !controlCharacters.test(value.replace(/[\r\n\t]/g, '')),
      'must not contain control characters',
    )
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
}

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address'));

export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .transform((value) => (value === '' ? null : value))
  .pipe(z.email('must be an email address').nullable())
  .nullable()
  .optional();

/** A calendar date without time (docs/architecture.md rule 7). */
export const dateSchema = z.iso.date('must be a date in the form YYYY-MM-DD');

export const timestampSchema = z.string().describe('ISO 8601 timestamp (UTC)');

/** A web address; the scheme may be left out. */
export const optionalWebsite = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .refine(
    (value) => value === '' || /^(https?:\/\/)?[^\s/$.?#]+\.[^\s]+$/i.test(value),
    'must be a web address',
  )
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

/** Query flags arrive as strings. */
export const booleanQuery = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

/** A list answer: one page of items and the cursor of the next page (null on the last page). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A query value listing codes separated by commas, e.g. `kind=task,call`; every code must be one of `values`. */
export function codeListQuery<const T extends readonly [string, ...string[]]>(values: T) {
  // Published as a pattern too, so a client generated from the OpenAPI knows the codes.
  const code = `(?:${values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
  const message = `must list one or more of ${values.join(', ')}`;
  return z
    .string()
    .max(500)
    .regex(new RegExp(`^[\\s,]*${code}(?:\\s*,[\\s,]*${code})*[\\s,]*$`), { message })
    .transform((value, context) => {
      const codes = [
        ...new Set(
          value
            .split(',')
            .map((code) => code.trim())
            .filter(Boolean),
        ),
      ];
      if (codes.length === 0 || codes.some((code) => !(values as readonly string[]).includes(code))) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return codes as T[number][];
    });
}

/** `sort` is a field name, optionally prefixed with `-` for descending order. */
export function sortSchema<const T extends readonly [string, ...string[]]>(fields: T, fallback: string) {
  const allowed = fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z
    .enum(allowed, { error: `must be one of: ${allowed.join(', ')}` })
    .default(fallback)
    .transform((value) => ({
      field: (value.startsWith('-') ? value.slice(1) : value) as T[number],
      direction: value.startsWith('-') ? ('desc' as const) : ('asc' as const),
    }));
}

export const auditEntrySchema = z
  .object({
    id: z.number(),
    entityType: z.enum(['client', 'contact', 'opportunity', 'line-item', 'activity']),
    entityId: z.number(),
    action: z.enum(['create', 'update', 'delete', 'restore']),
    field: z.string().nullable(),
    oldValue: z.unknown(),
    newValue: z.unknown(),
    changedAt: timestampSchema,
    changedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
    label: z
      .string()
      .nullable()
      .describe('The changed field as people call it ("Sales stage"); null for a creation or deletion'),
    oldText: z
      .string()
      .nullable()
      .describe(
        'The value before, as people read it: money in the deal currency, stage labels, names of records you may see',
      ),
    newText: z.string().nullable().describe('The value after, read the same way'),
    summary: z
      .string()
      .describe(
        'One sentence, e.g. "changed sales stage: 01 Identify → 02 Validate" or "added line: 2 × Storage array at $12,500.00"',
      ),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = pageSchema(auditEntrySchema);
export const auditQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
