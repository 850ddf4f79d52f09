import { z } from 'zod';
import { bodyIdSchema, optionalText } from './common.ts';
import { currencyCodeSchema } from './money.ts';
import { teamMemberInputSchema } from './team.ts';

/** SPEC §7: what prefills a new opportunity. Every field may be null (no default). */
export const opportunityDefaultsSchema = z
  .object({
    currency: z.string().nullable(),
    stage: z.string().nullable(),
    decisionDateDays: z.number().nullable(),
    partnerPrivate: z.boolean().nullable(),
    distributorFirmId: z.number().nullable(),
    resellerFirmId: z.number().nullable(),
    leadSource: z.string().nullable(),
    team: z.array(
      z.object({ userId: z.number(), role: z.string().nullable(), access: z.enum(['read', 'edit']) }),
    ),
    productId: z.number().nullable(),
    version: z.number(),
  })
  .meta({ id: 'OpportunityDefaults' });
export type OpportunityDefaults = z.infer<typeof opportunityDefaultsSchema>;

export const opportunityDefaultsUpdateSchema = z
  .strictObject({
    currency: currencyCodeSchema.nullable().optional(),
    stage: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be a stage code')
      .nullable()
      .optional(),
    decisionDateDays: z.number().int().min(0).max(3650).nullable().optional(),
    partnerPrivate: z.boolean().nullable().optional(),
    distributorFirmId: bodyIdSchema.nullable().optional(),
    resellerFirmId: bodyIdSchema.nullable().optional(),
    leadSource: optionalText(100),
    team: z.array(teamMemberInputSchema).max(50).nullable().optional(),
    productId: bodyIdSchema.nullable().optional(),
  })
  .meta({ id: 'OpportunityDefaultsUpdate' });
export type OpportunityDefaultsUpdate = z.infer<typeof opportunityDefaultsUpdateSchema>;
