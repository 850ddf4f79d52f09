import { z } from 'zod';
import { missingRequirementSchema } from '../../../../core/contract/stages.ts';
import { ApiError } from '../../../api/client.ts';

export type MissingRequirement = z.infer<typeof missingRequirementSchema>;

const missingListSchema = z.array(missingRequirementSchema);

/**
 * What a refused stage move still needs, per stage (SPEC §3: "a failed move returns which
 * requirement is missing, per stage"), or null when the error is not a gate refusal.
 */
export function missingRequirementsOf(error: unknown): MissingRequirement[] | null {
  if (!(error instanceof ApiError) || error.code !== 'GATE_NOT_MET') return null;
  const parsed = missingListSchema.safeParse(error.details?.missing);
  return parsed.success ? parsed.data : [];
}

/** "03 Qualify needs at least one line item with an amount", with the stage's label from the catalog. */
export function describeMissing(
  missing: MissingRequirement,
  stages: readonly { code: string; label: string }[],
): string {
  const label = stages.find((stage) => stage.code === missing.stage)?.label ?? missing.stage;
  return `${label} needs ${missing.message}`;
}
