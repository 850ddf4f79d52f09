import { z } from 'zod';
import { bodyIdSchema, limitSchema, recordTypes, timestampSchema } from './common.ts';

/** SPEC §8 Home: the records the user opened last. Each user keeps this many (our choice). */
export const maxRecentViews = 50;

export const recentViewTypes = recordTypes;
export type RecentViewType = (typeof recentViewTypes)[number];

export const recentViewCreateSchema = z
  .strictObject({
    type: z.enum(recentViewTypes, { error: `must be one of ${recentViewTypes.join(', ')}` }),
    id: bodyIdSchema,
  })
  .meta({ id: 'RecentViewCreate' });
export type RecentViewCreate = z.infer<typeof recentViewCreateSchema>;

export const recentViewSchema = z
  .object({
    type: z.enum(recentViewTypes),
    id: z.number(),
    title: z.string(),
    subtitle: z.string().nullable(),
    viewedAt: timestampSchema,
  })
  .meta({ id: 'RecentView' });
export type RecentView = z.infer<typeof recentViewSchema>;

export const recentViewListQuerySchema = z.strictObject({ limit: limitSchema });
export const recentViewListSchema = z.object({ items: z.array(recentViewSchema) });
