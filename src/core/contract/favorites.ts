import { z } from 'zod';
import { idSchema, recordTypes, timestampSchema } from './common.ts';

export const favoriteTypes = recordTypes;
export type FavoriteType = (typeof favoriteTypes)[number];

export const favoriteParamsSchema = z.strictObject({
  type: z.enum(favoriteTypes, { error: 'must be one of client, contact, opportunity' }),
  id: idSchema,
});

export const favoriteSchema = z
  .object({
    type: z.enum(favoriteTypes),
    id: z.number(),
    title: z.string(),
    subtitle: z.string().nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Favorite' });
export type Favorite = z.infer<typeof favoriteSchema>;

export const favoriteListQuerySchema = z.strictObject({
  type: z.enum(favoriteTypes).optional(),
});
export const favoriteListSchema = z.object({ items: z.array(favoriteSchema) });
