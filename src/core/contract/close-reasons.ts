import { z } from 'zod';
import { requiredText, timestampSchema } from './common.ts';

const closingStageCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/, 'must be a closing stage code such as lost');

/** A close reason of the admin-managed picklist (issue 10; SPEC §2 close reason, §8 win/loss by reason). */
export const closeReasonSchema = z
  .object({
    id: z.number(),
    label: z.string(),
    stages: z.array(z.string()).describe('The closing stages (codes) the reason is offered for'),
    order: z.number().describe('Position in the list of each stage; "Other" always comes last'),
    isActive: z
      .boolean()
      .describe('Inactive reasons are no longer offered; deals closed with them keep them'),
    isOther: z.boolean().describe('The one "Other" reason: offered for every closing stage, needs a note'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    version: z.number(),
  })
  .meta({ id: 'CloseReason' });
export type CloseReason = z.infer<typeof closeReasonSchema>;

export const closeReasonListSchema = z.object({ items: z.array(closeReasonSchema) });

export const closeReasonCreateSchema = z
  .strictObject({
    label: requiredText(80),
    stages: z.array(closingStageCode).min(1, 'must name at least one closing stage').max(20),
    order: z.number().int().min(0).max(100_000).optional(),
    isActive: z.boolean().optional(),
  })
  .meta({ id: 'CloseReasonCreate' });
export type CloseReasonCreate = z.infer<typeof closeReasonCreateSchema>;

export const closeReasonUpdateSchema = z
  .strictObject({
    label: requiredText(80).optional(),
    stages: z.array(closingStageCode).min(1, 'must name at least one closing stage').max(20).optional(),
    order: z.number().int().min(0).max(100_000).optional(),
    isActive: z.boolean().optional(),
  })
  .meta({ id: 'CloseReasonUpdate' });
export type CloseReasonUpdate = z.infer<typeof closeReasonUpdateSchema>;
