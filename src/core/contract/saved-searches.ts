import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { type CheckedOpportunityFilter, opportunityFilterErrors } from '../opportunity-filter.ts';
import type { StageDefinition } from '../stages.ts';
import { clientListQuerySchema } from './clients.ts';
import { recordTypes, requiredText, timestampSchema } from './common.ts';
import { contactListQuerySchema } from './contacts.ts';
import { opportunityListQuerySchema } from './opportunities.ts';

/** SPEC §8: each list's view (search, filters, sort) saved by name, per user. */
export const savedSearchEntityTypes = recordTypes;
export type SavedSearchEntityType = (typeof savedSearchEntityTypes)[number];

/** A user keeps at most this many saved searches per list (our choice), so the list needs no pages. */
export const maxSavedSearchesPerList = 100;

/** The screen each list lives on, where a saved query string reproduces the view. */
export const listPaths: Record<SavedSearchEntityType, string> = {
  client: '/clients',
  contact: '/contacts',
  opportunity: '/opportunities',
};

/**
 * A saved view is the list's own query, minus the page position: it must parse with that list's
 * query schema, so opening it can never fail, and a cursor would pin it to one page of old data.
 */
const savedListQuerySchemas = {
  client: clientListQuerySchema.omit({ cursor: true }),
  contact: contactListQuerySchema.omit({ cursor: true }),
  opportunity: opportunityListQuerySchema.omit({ cursor: true }),
} satisfies Record<SavedSearchEntityType, z.ZodType>;

/** Parameters of the list screen rather than the list API: the columns shown (`cols`). */
export const viewOnlyParameters = new Set(['cols']);

/**
 * The problems of a list query string for the given list, each naming `query.<parameter>`; stage
 * codes are checked against `catalog`, the stage catalog of the moment, as the list would.
 */
export function savedSearchQueryErrors(
  entityType: SavedSearchEntityType,
  query: string,
  catalog: readonly Pick<StageDefinition, 'code'>[],
): FieldError[] {
  const errors: FieldError[] = [];
  const values: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    if (viewOnlyParameters.has(key)) continue;
    if (key in values) errors.push({ field: `query.${key}`, message: 'is given more than once' });
    values[key] = value;
  }
  const result = savedListQuerySchemas[entityType].safeParse(values);
  if (result.success) {
    const filterErrors =
      entityType === 'opportunity'
        ? opportunityFilterErrors(result.data as CheckedOpportunityFilter, catalog)
        : [];
    return [...errors, ...filterErrors.map((error) => ({ ...error, field: `query.${error.field}` }))];
  }
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: `query.${key}`,
          message:
            key === 'cursor'
              ? 'is a page position; a saved search always opens on the first page'
              : `is not a parameter of the ${entityType} list`,
        });
      }
      continue;
    }
    // Name the parameter itself (`query.stage`, not `query.stage.0`): it is what the caller wrote.
    const parameter = issue.path[0] === undefined ? '' : `.${String(issue.path[0])}`;
    errors.push({ field: `query${parameter}`, message: issue.message });
  }
  return errors;
}

const savedQuerySchema = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .transform((value) => value.replace(/^\?/, ''))
  .describe('The list’s URL query string, e.g. `stage=qualify,propose&sort=-amount` (no cursor)');

export const savedSearchCreateSchema = z
  .strictObject({
    entityType: z.enum(savedSearchEntityTypes, {
      error: `must be one of ${savedSearchEntityTypes.join(', ')}`,
    }),
    name: requiredText(100),
    query: savedQuerySchema,
  })
  .meta({ id: 'SavedSearchCreate' });
export type SavedSearchCreate = z.infer<typeof savedSearchCreateSchema>;

export const savedSearchUpdateSchema = z
  .strictObject({ name: requiredText(100).optional(), query: savedQuerySchema.optional() })
  .meta({ id: 'SavedSearchUpdate' });
export type SavedSearchUpdate = z.infer<typeof savedSearchUpdateSchema>;

export const savedSearchSchema = z
  .object({
    id: z.number(),
    entityType: z.enum(savedSearchEntityTypes),
    name: z.string(),
    query: z.string(),
    path: z.string().describe('The list screen with the query, e.g. `/opportunities?stage=qualify`'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z
      .number()
      .describe(
        'Moves on at every change; sent as the `ETag`, to be sent back as `If-Match` when changing it',
      ),
  })
  .meta({ id: 'SavedSearch' });
export type SavedSearch = z.infer<typeof savedSearchSchema>;

export const savedSearchListQuerySchema = z.strictObject({
  entityType: z
    .enum(savedSearchEntityTypes, { error: `must be one of ${savedSearchEntityTypes.join(', ')}` })
    .optional(),
});
export const savedSearchListSchema = z.object({ items: z.array(savedSearchSchema) });
