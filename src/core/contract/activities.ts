import { z } from 'zod';
import {
  bodyIdSchema,
  booleanQuery,
  codeListQuery,
  cursorSchema,
  dateSchema,
  idSchema,
  limitSchema,
  optionalText,
  pageSchema,
  recordTypes,
  requiredText,
  sortSchema,
  timestampSchema,
} from './common.ts';

/** SPEC §2: activities and notes hang off clients, BPContacts and opportunities. */
export const activityEntityTypes = recordTypes;
export type ActivityEntityType = (typeof activityEntityTypes)[number];

export const activityKinds = ['task', 'call', 'meeting', 'note'] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityStatuses = ['open', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

/** A note records what happened, so it starts done; the others start open (our choice). */
export function defaultActivityStatus(kind: ActivityKind): ActivityStatus {
  return kind === 'note' ? 'done' : 'open';
}

const activityEditableFields = {
  kind: z.enum(activityKinds, { error: `must be one of ${activityKinds.join(', ')}` }),
  subject: requiredText(200),
  body: optionalText(10_000),
  dueDate: dateSchema.nullable().optional(),
  status: z.enum(activityStatuses, { error: `must be one of ${activityStatuses.join(', ')}` }).optional(),
  ownerId: bodyIdSchema
    .optional()
    .describe('Who does it; the caller when omitted. Must be able to see the record it is attached to'),
};

export const activityCreateSchema = z
  .strictObject({
    entityType: z.enum(activityEntityTypes, { error: `must be one of ${activityEntityTypes.join(', ')}` }),
    entityId: bodyIdSchema,
    ...activityEditableFields,
  })
  .meta({ id: 'ActivityCreate' });
export type ActivityCreate = z.infer<typeof activityCreateSchema>;

/** The record an activity is attached to never changes; everything else may. */
export const activityUpdateSchema = z
  .strictObject({
    ...activityEditableFields,
    kind: activityEditableFields.kind.optional(),
    subject: requiredText(200).optional(),
  })
  .meta({ id: 'ActivityUpdate' });
export type ActivityUpdate = z.infer<typeof activityUpdateSchema>;

const personSchema = z.object({ id: z.number(), name: z.string() });

export const activitySchema = z
  .object({
    id: z.number(),
    entityType: z.enum(activityEntityTypes),
    entityId: z.number(),
    /** The record's name as lists show it: client name, contact name, or opportunity number and name. */
    entityTitle: z.string(),
    kind: z.enum(activityKinds),
    subject: z.string(),
    body: z.string().nullable(),
    dueDate: dateSchema.nullable(),
    status: z.enum(activityStatuses),
    isOverdue: z.boolean(),
    completedAt: timestampSchema.nullable(),
    ownerId: z.number(),
    ownerName: z.string(),
    createdBy: personSchema,
    canEdit: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof activitySchema>;

export const activitySortFields = ['createdAt', 'dueDate'] as const;
export type ActivitySortField = (typeof activitySortFields)[number];

const activityFilterShape = {
  kind: codeListQuery(activityKinds).optional().describe('Comma-separated kinds, e.g. task,call'),
  status: codeListQuery(activityStatuses).optional().describe('Comma-separated statuses, e.g. open'),
  mine: booleanQuery.optional().describe('Only activities I own'),
  dueFrom: dateSchema.optional(),
  dueTo: dateSchema.optional(),
  sort: sortSchema(activitySortFields, '-createdAt').describe(
    'Newest first by default; dueDate puts activities without a due date last',
  ),
  limit: limitSchema,
  cursor: cursorSchema,
};

function checkDueRange(
  value: { dueFrom?: string | undefined; dueTo?: string | undefined },
  context: z.RefinementCtx,
) {
  if (value.dueFrom !== undefined && value.dueTo !== undefined && value.dueTo < value.dueFrom) {
    context.addIssue({ code: 'custom', path: ['dueTo'], message: 'must not be before dueFrom' });
  }
}

/** The Activities drawer of one record: `GET /{clients,contacts,opportunities}/{id}/activities`. */
export const activityParentQuerySchema = z.strictObject(activityFilterShape).superRefine(checkDueRange);
export type ActivityParentQuery = z.infer<typeof activityParentQuerySchema>;

/**
 * `GET /activities`: with `entityType` and `entityId`, the activities of that record; with neither,
 * the caller's own activities on every record they can still see; `entityType` alone narrows those.
 */
export const activityListQuerySchema = z
  .strictObject({
    entityType: z
      .enum(activityEntityTypes, { error: `must be one of ${activityEntityTypes.join(', ')}` })
      .optional(),
    entityId: idSchema.optional(),
    ...activityFilterShape,
  })
  .superRefine((value, context) => {
    if (value.entityId !== undefined && value.entityType === undefined) {
      context.addIssue({ code: 'custom', path: ['entityType'], message: 'is required with entityId' });
    }
    checkDueRange(value, context);
  });
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;

export const activityPageSchema = pageSchema(activitySchema);

/** Where a client's timeline entries come from: the client itself, its opportunities, its BPContacts. */
export const timelineSources = ['client', 'opportunities', 'contacts'] as const;
export type TimelineSource = (typeof timelineSources)[number];

/**
 * `GET /clients/{id}/timeline`: one timeline per client (SPEC §8), the activities and notes of the
 * client, of its opportunities and of its BPContacts that the caller may see, newest first. Each
 * entry names the record it belongs to (`entityType`, `entityId`, `entityTitle`).
 */
export const clientTimelineQuerySchema = z.strictObject({
  source: codeListQuery(timelineSources)
    .optional()
    .describe('Comma-separated sources, e.g. opportunities,contacts; all three when omitted'),
  kind: activityFilterShape.kind,
  status: activityFilterShape.status,
  mine: activityFilterShape.mine,
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ClientTimelineQuery = z.infer<typeof clientTimelineQuerySchema>;
