import { requirementShortLabels } from '../../../../core/stages.ts';

export type Readiness = readonly {
  stage: string;
  missing: readonly { requirement: string; message: string }[];
}[];

/** What a column says while a card is dragged over the board: may it drop here, and if not, what it needs. */
export type DropHint = {
  kind: 'current' | 'checking' | 'ready' | 'needs' | 'close';
  text: string;
  spoken: string;
};

/**
 * The hint of one stage for the dragged card, from the server's readiness of that card (the same
 * gate function that refuses a move, SPEC §3). `readiness` is undefined while it is being read.
 */
export function dropHintFor(
  cardStage: string,
  target: { code: string; closing: boolean },
  readiness: Readiness | undefined,
): DropHint {
  if (target.code === cardStage)
    return { kind: 'current', text: 'Its stage now', spoken: 'its current stage' };
  if (!readiness) return { kind: 'checking', text: 'Checking…', spoken: 'checking what it needs' };
  const missing = readiness.find((item) => item.stage === target.code)?.missing ?? [];
  if (target.closing) {
    const needs = missing.filter((item) => item.requirement === 'reached-won');
    return needs.length > 0
      ? {
          kind: 'needs',
          text: `Needs ${labelsOf(needs)}`,
          spoken: `cannot close here: it needs ${needs.map((item) => item.message).join('; ')}`,
        }
      : { kind: 'close', text: 'Drop to close', spoken: 'drop to close it; a dialog asks for the details' };
  }
  if (missing.length === 0) return { kind: 'ready', text: 'Drop to move', spoken: 'drop to move it here' };
  return {
    kind: 'needs',
    text: `Needs ${labelsOf(missing)}`,
    spoken: `its gate is not met: it needs ${missing.map((item) => item.message).join('; ')}. Dropping opens a form for them`,
  };
}

function labelsOf(missing: readonly { requirement: string; message: string }[]): string {
  const labels = missing.map(
    (item) => requirementShortLabels[item.requirement as keyof typeof requirementShortLabels] ?? item.message,
  );
  return [...new Set(labels)].join(', ');
}
