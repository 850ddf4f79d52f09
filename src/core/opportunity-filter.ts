import type { FieldError } from './errors.ts';
import type { StageDefinition } from './stages.ts';

/** The parts of the opportunity filters (SPEC §8) that only make sense together or against the catalog. */
export type CheckedOpportunityFilter = {
  stage?: readonly string[] | undefined;
  decisionFrom?: string | undefined;
  decisionTo?: string | undefined;
  amountMin?: number | undefined;
  amountMax?: number | undefined;
  closedFrom?: string | undefined;
  closedTo?: string | undefined;
};

/**
 * What is wrong with a filter beyond its form: stage codes the catalog does not have (stages are
 * data, so this needs the catalog of the moment) and ranges whose end lies before their start. A
 * filter that cannot match anything by mistake is refused rather than answered with nothing.
 */
export function opportunityFilterErrors(
  filter: CheckedOpportunityFilter,
  catalog: readonly Pick<StageDefinition, 'code'>[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (filter.stage !== undefined) {
    const known = new Set(catalog.map((stage) => stage.code));
    const unknown = filter.stage.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      errors.push({
        field: 'stage',
        message: `has codes the stage catalog does not have: ${unknown.join(', ')} (it has ${[...known].join(', ')})`,
      });
    }
  }
  const ranges = [
    ['decisionFrom', 'decisionTo', 'must not be before decisionFrom'],
    ['amountMin', 'amountMax', 'must not be less than amountMin'],
    ['closedFrom', 'closedTo', 'must not be before closedFrom'],
  ] as const;
  for (const [from, to, message] of ranges) {
    const start = filter[from];
    const end = filter[to];
    if (start !== undefined && end !== undefined && end < start) errors.push({ field: to, message });
  }
  return errors;
}
