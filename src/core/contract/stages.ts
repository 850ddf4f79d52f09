import { z } from 'zod';
import { closingRequirements, gateRequirements, stageOutcomes } from '../stages.ts';
import { requiredText } from './common.ts';
import { probabilitySchema } from './money.ts';

/** SPEC §9.1: each stage with `code`, `label`, `order`, `probability`, `closing`, `outcome`. */
export const stageSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    order: z.number(),
    probability: z.number(),
    closing: z.boolean(),
    outcome: z.enum(stageOutcomes),
    requirements: z.array(z.enum(gateRequirements)),
    closingRequirements: z.array(z.enum(closingRequirements)),
    staleAfterDays: z.number(),
    version: z.number(),
  })
  .meta({ id: 'Stage' });

export const stageListSchema = z.object({ items: z.array(stageSchema) });

export const stageCodeParamsSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a stage code'),
});

export const stageUpdateSchema = z
  .strictObject({
    label: requiredText(80).optional(),
    probability: probabilitySchema.optional(),
    requirements: z.array(z.enum(gateRequirements)).max(gateRequirements.length).optional(),
    closingRequirements: z.array(z.enum(closingRequirements)).max(closingRequirements.length).optional(),
    staleAfterDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: 'StageUpdate' });
export type StageUpdate = z.infer<typeof stageUpdateSchema>;

export const missingRequirementSchema = z.object({
  stage: z.string(),
  requirement: z.string(),
  message: z.string(),
});

export const stageReadinessSchema = z.array(
  z.object({ stage: z.string(), missing: z.array(missingRequirementSchema) }),
);
