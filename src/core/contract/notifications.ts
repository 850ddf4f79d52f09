import { z } from 'zod';
import {
  bodyIdSchema,
  booleanQuery,
  cursorSchema,
  limitSchema,
  pageSchema,
  timestampSchema,
} from './common.ts';

/** SPEC §6: what lands in a user's inbox as passed opportunities move between the vendor and partners. */
export const notificationKinds = ['pass-received', 'pass-accepted', 'pass-declined'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationSchema = z
  .object({
    id: z.number(),
    kind: z.enum(notificationKinds),
    message: z.string(),
    opportunityId: z.number(),
    opportunityNumber: z.string(),
    opportunityName: z.string(),
    isRead: z.boolean(),
    readAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = z.strictObject({
  unread: booleanQuery.optional().describe('Only notifications not yet read'),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationPageSchema = pageSchema(notificationSchema).extend({
  unreadCount: z.number().describe('All unread notifications, not only this page’s'),
});

export const notificationReadSchema = z
  .strictObject({
    ids: z
      .array(bodyIdSchema)
      .min(1, 'must list at least one id; leave ids out to mark every notification read')
      .max(500)
      .optional()
      .describe('The notifications to mark read; all of mine when left out'),
  })
  .meta({ id: 'NotificationRead' });
export type NotificationRead = z.infer<typeof notificationReadSchema>;

export const notificationReadResultSchema = z.object({ unreadCount: z.number() });
