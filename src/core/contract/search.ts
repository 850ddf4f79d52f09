import { z } from 'zod';
import { limitSchema } from './common.ts';
import { favoriteTypes } from './favorites.ts';

export const searchableTypes = favoriteTypes;
export type SearchableType = (typeof searchableTypes)[number];

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  types: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return [...searchableTypes];
      const types = value.split(',').map((type) => type.trim());
      for (const type of types) {
        if (!(searchableTypes as readonly string[]).includes(type)) {
          context.addIssue({ code: 'custom', message: `must list only ${searchableTypes.join(', ')}` });
          return z.NEVER;
        }
      }
      return types as SearchableType[];
    })
    .describe('Comma-separated record types to search; all when omitted'),
  limit: limitSchema.describe('Results per type'),
});

export const searchHitSchema = z
  .object({
    type: z.enum(searchableTypes),
    id: z.number(),
    title: z.string(),
    subtitle: z.string().nullable(),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultSchema = z.object({ items: z.array(searchHitSchema) });
