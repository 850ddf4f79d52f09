/**
 * SPEC §3: the sales stages as data. Seven open gates, each recording a verified client outcome,
 * and four closings. The catalog (labels, probabilities, requirements) is edited by admins; the
 * requirement codes are the vocabulary the server knows how to check.
 */
import type { ErrorCode } from './errors.ts';

export const stageOutcomes = ['open', 'won', 'lost'] as const;
export type StageOutcome = (typeof stageOutcomes)[number];

/** What a gate can require of an opportunity before it may enter the stage. */
export const gateRequirements = [
  'primary-contact',
  'line-item-with-amount',
  'open-lines-priced-and-dated',
  'total-above-zero',
  'decision-date',
] as const;
export type GateRequirement = (typeof gateRequirements)[number];

/** What a closing stage needs from the person closing (and, for completion, from the history). */
export const closingRequirements = ['competitor', 'reason', 'note', 'reached-won'] as const;
export type ClosingRequirement = (typeof closingRequirements)[number];

export type StageDefinition = {
  code: string;
  label: string;
  order: number;
  probability: number;
  closing: boolean;
  outcome: StageOutcome;
  /** Open stages: what entering this gate needs, on top of every earlier gate's requirements. */
  requirements: GateRequirement[];
  /** Closing stages: what the closing needs. */
  closingRequirements: ClosingRequirement[];
  /** An open opportunity without a stage change for longer than this is stale (SPEC §8 Home). */
  staleAfterDays: number;
};

export const requirementMessages: Record<GateRequirement | ClosingRequirement, string> = {
  'primary-contact': 'a primary BPContact',
  'line-item-with-amount': 'at least one line item with an amount',
  'open-lines-priced-and-dated': 'every open line item priced and with a decision date',
  'total-above-zero': 'a total above zero',
  'decision-date': 'a decision date',
  competitor: 'the competitor who won',
  reason: 'a reason',
  note: 'a note',
  'reached-won': 'to have been through 06 Won',
};

/** A few words for each gate requirement, for places with room for little (under a stage on the stage bar). */
export const requirementShortLabels: Record<GateRequirement | ClosingRequirement, string> = {
  'primary-contact': 'primary BPContact',
  'line-item-with-amount': 'a priced line item',
  'open-lines-priced-and-dated': 'line prices and dates',
  'total-above-zero': 'a total above zero',
  'decision-date': 'decision date',
  competitor: 'competitor',
  reason: 'reason',
  note: 'note',
  'reached-won': 'to have been Won',
};

/** The default catalog (our choice, from the vendor's selling method). */
export const defaultStages: StageDefinition[] = [
  stage('identify', '01 Identify', 1, 10, [], 30),
  stage('validate', '02 Validate', 2, 25, ['primary-contact'], 30),
  stage('qualify', '03 Qualify', 3, 40, ['line-item-with-amount'], 45),
  stage('propose', '04 Propose', 4, 60, ['open-lines-priced-and-dated'], 45),
  stage('conditional', '05 Conditional agreement', 5, 80, [], 30),
  stage('won', '06 Won', 6, 100, ['total-above-zero'], 30),
  stage('implement', '07 Implementing', 7, 100, [], 90),
  closing('completed', 'Completed', 8, 'won', ['reached-won']),
  closing('lost', 'Lost to competition', 9, 'lost', ['competitor', 'note']),
  closing('client-declined', 'Client not pursuing', 10, 'lost', ['reason', 'note']),
  closing('partner-declined', 'Partner not pursuing', 11, 'lost', ['reason', 'note']),
];

function stage(
  code: string,
  label: string,
  order: number,
  probability: number,
  requirements: GateRequirement[],
  staleAfterDays: number,
): StageDefinition {
  return {
    code,
    label,
    order,
    probability,
    closing: false,
    outcome: 'open',
    requirements,
    closingRequirements: [],
    staleAfterDays,
  };
}

function closing(
  code: string,
  label: string,
  order: number,
  outcome: 'won' | 'lost',
  requirements: ClosingRequirement[],
): StageDefinition {
  return {
    code,
    label,
    order,
    probability: outcome === 'won' ? 100 : 0,
    closing: true,
    outcome,
    requirements: [],
    closingRequirements: requirements,
    staleAfterDays: 0,
  };
}

const dayMs = 86_400_000;

/**
 * SPEC §8 Home, the stale rule: an open opportunity is stale when it entered its stage before this
 * instant, `staleAfterDays` before `now`. The list filter (`stale=true`) compares the stored
 * stage-entered time with it; `isStale` says the same of one opportunity.
 */
export function staleBefore(staleAfterDays: number, now: Date): string {
  return new Date(now.getTime() - staleAfterDays * dayMs).toISOString();
}

/** An open opportunity without a stage change for longer than its stage's `staleAfterDays` (SPEC §8). */
export function isStale(
  opportunity: { outcome: StageOutcome; stageEnteredAt: string },
  staleAfterDays: number,
  now: Date,
): boolean {
  return (
    opportunity.outcome === 'open' &&
    new Date(opportunity.stageEnteredAt).getTime() < new Date(staleBefore(staleAfterDays, now)).getTime()
  );
}

/** What the gate check needs to know about an opportunity (SPEC §3 rules). */
export type GateFacts = {
  hasPrimaryContact: boolean;
  decisionDate: string | null;
  totalMinor: number;
  lineItems: readonly {
    amountMinor: number;
    unitPriceMinor: number | null;
    decisionDate: string | null;
    outcome: StageOutcome;
  }[];
  /** The opportunity has been in a won-outcome open stage (06 Won or later) at some point. */
  hasReachedWon: boolean;
};

export type ClosingInput = {
  note?: string | null;
  /** The reason's label (or, before it is resolved against the close-reason list, the caller's text). */
  reason?: string | null;
  /** The close reason of the list (see close-reasons.ts). */
  reasonId?: number | null;
  reasonNote?: string | null;
  competitor?: string | null;
};

export type MissingRequirement = {
  stage: string;
  requirement: GateRequirement | ClosingRequirement;
  message: string;
};

export function isGateRequirementMet(requirement: GateRequirement, facts: GateFacts): boolean {
  switch (requirement) {
    case 'primary-contact':
      return facts.hasPrimaryContact;
    case 'line-item-with-amount':
      return facts.lineItems.some((line) => line.outcome !== 'lost' && line.amountMinor > 0);
    case 'open-lines-priced-and-dated': {
      const open = facts.lineItems.filter((line) => line.outcome === 'open');
      return open.length > 0 && open.every((line) => !lineGaps(line).needsPrice && !lineGaps(line).needsDate);
    }
    case 'total-above-zero':
      return facts.totalMinor > 0;
    case 'decision-date':
      return facts.decisionDate !== null;
  }
}

type GateLine = GateFacts['lineItems'][number];

/** What an open line lacks for the `open-lines-priced-and-dated` gate (SPEC §3: "priced and dated"). */
export function lineGaps(line: Pick<GateLine, 'unitPriceMinor' | 'decisionDate'>): {
  needsPrice: boolean;
  needsDate: boolean;
} {
  return {
    needsPrice: line.unitPriceMinor === null || line.unitPriceMinor <= 0,
    needsDate: line.decisionDate === null,
  };
}

/**
 * What a person fills in to satisfy the gate requirements a move is missing (the server's `missing`
 * list, or the overview's readiness), so a screen asks for exactly those fields and no others:
 * - a primary BPContact, a decision date;
 * - on each open line item (by its index in `lineItems`): the unit price and/or decision date the
 *   gate lacks; a line without an amount, when the deal needs "a line item with an amount" or "a
 *   total above zero", needs its price;
 * - a new line item (with a price, and a date when lines must be dated) when there is no open line
 *   that could carry it;
 * - `unfillable`: requirements no field can satisfy here (closing requirements, which the closing
 *   dialog asks for; unknown codes).
 */
export type GateWork = {
  primaryContact: boolean;
  decisionDate: boolean;
  lines: { index: number; needsPrice: boolean; needsDate: boolean }[];
  newLine: { needsDate: boolean } | null;
  unfillable: { stage: string; requirement: string; message: string }[];
};

export function gateWorkFor(
  missing: readonly { stage: string; requirement: string; message: string }[],
  lineItems: readonly GateLine[],
): GateWork {
  const requirements = new Set(missing.map((item) => item.requirement));
  const openLines = lineItems
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.outcome === 'open');
  const needs = new Map<number, { needsPrice: boolean; needsDate: boolean }>();
  const need = (index: number, gaps: { needsPrice?: boolean; needsDate?: boolean }) => {
    const current = needs.get(index) ?? { needsPrice: false, needsDate: false };
    needs.set(index, {
      needsPrice: current.needsPrice || Boolean(gaps.needsPrice),
      needsDate: current.needsDate || Boolean(gaps.needsDate),
    });
  };
  let newLine: GateWork['newLine'] = null;
  const needsDatedLines = requirements.has('open-lines-priced-and-dated');
  if (needsDatedLines) {
    if (openLines.length === 0) newLine = { needsDate: true };
    for (const { line, index } of openLines) {
      const gaps = lineGaps(line);
      if (gaps.needsPrice || gaps.needsDate) need(index, gaps);
    }
  }
  if (requirements.has('line-item-with-amount') || requirements.has('total-above-zero')) {
    const unpriced = openLines.filter(({ line }) => line.amountMinor <= 0);
    if (unpriced.length === 0) newLine ??= { needsDate: needsDatedLines };
    for (const { index } of unpriced) need(index, { needsPrice: true });
  }
  const fillable = new Set<string>([
    'primary-contact',
    'decision-date',
    'open-lines-priced-and-dated',
    'line-item-with-amount',
    'total-above-zero',
  ]);
  return {
    primaryContact: requirements.has('primary-contact'),
    decisionDate: requirements.has('decision-date'),
    lines: [...needs.entries()]
      .sort(([left], [right]) => left - right)
      .map(([index, gaps]) => ({ index, ...gaps })),
    newLine,
    unfillable: missing.filter((item) => !fillable.has(item.requirement)),
  };
}

function hasText(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

export function isClosingRequirementMet(
  requirement: ClosingRequirement,
  facts: GateFacts,
  input: ClosingInput,
): boolean {
  switch (requirement) {
    case 'competitor':
      return hasText(input.competitor);
    case 'reason':
      return (input.reasonId !== undefined && input.reasonId !== null) || hasText(input.reason);
    case 'note':
      // A note on the closing, or on its reason ("Other" described): one box of words is enough.
      return hasText(input.note) || hasText(input.reasonNote);
    case 'reached-won':
      return facts.hasReachedWon;
  }
}

export function findStage(catalog: readonly StageDefinition[], code: string): StageDefinition | undefined {
  return catalog.find((candidate) => candidate.code === code);
}

/** Open stages in gate order. */
export function openStages(catalog: readonly StageDefinition[]): StageDefinition[] {
  return catalog.filter((candidate) => !candidate.closing).sort((left, right) => left.order - right.order);
}

/**
 * Everything missing to enter `target` (SPEC §3): gates are cumulative, so entering an open stage
 * needs the requirements of every open stage up to it, skipped ones included; a closing needs its
 * own requirements. Listed per stage, so the UI can say what each skipped gate still needs.
 */
export function missingForStage(
  catalog: readonly StageDefinition[],
  target: StageDefinition,
  facts: GateFacts,
  input: ClosingInput = {},
): MissingRequirement[] {
  if (target.closing) {
    return target.closingRequirements
      .filter((requirement) => !isClosingRequirementMet(requirement, facts, input))
      .map((requirement) => ({ stage: target.code, requirement, message: requirementMessages[requirement] }));
  }
  return openStages(catalog)
    .filter((gate) => gate.order <= target.order)
    .flatMap((gate) =>
      gate.requirements
        .filter((requirement) => !isGateRequirementMet(requirement, facts))
        .map((requirement) => ({ stage: gate.code, requirement, message: requirementMessages[requirement] })),
    );
}

export type StageMoveKind = 'forward' | 'back' | 'close' | 'reopen' | 'same';

export function classifyStageMove(from: StageDefinition, to: StageDefinition): StageMoveKind {
  if (from.code === to.code) return 'same';
  if (from.closing) return to.closing ? 'close' : 'reopen';
  if (to.closing) return 'close';
  return to.order > from.order ? 'forward' : 'back';
}

export type StageMoveCheck =
  | { allowed: true; kind: StageMoveKind }
  | { allowed: false; kind: StageMoveKind; missing: MissingRequirement[]; reason?: string };

/**
 * May an opportunity move from one stage to another? Forward moves and reopenings pass through the
 * gates; moving back among open stages is always allowed (and recorded); a closed opportunity
 * must be reopened before it closes another way; completion needs to have been through Won.
 */
export function checkStageMove(
  catalog: readonly StageDefinition[],
  from: StageDefinition,
  to: StageDefinition,
  facts: GateFacts,
  input: ClosingInput = {},
): StageMoveCheck {
  const kind = classifyStageMove(from, to);
  switch (kind) {
    case 'same':
      return { allowed: false, kind, missing: [], reason: `The opportunity is already in ${to.label}` };
    case 'back':
      return { allowed: true, kind };
    case 'close': {
      if (from.closing) {
        return {
          allowed: false,
          kind,
          missing: [],
          reason: 'Reopen the opportunity before closing it another way',
        };
      }
      const missing = missingForStage(catalog, to, facts, input);
      return missing.length ? { allowed: false, kind, missing } : { allowed: true, kind };
    }
    case 'forward':
    case 'reopen': {
      const missing = missingForStage(catalog, to, facts, input);
      if (kind === 'reopen' && !hasText(input.note)) {
        missing.push({ stage: to.code, requirement: 'note', message: 'a note saying why it is reopened' });
      }
      return missing.length ? { allowed: false, kind, missing } : { allowed: true, kind };
    }
  }
}

/** For the UI: what each stage would still need if the user moved there now. */
export function stageReadiness(
  catalog: readonly StageDefinition[],
  current: StageDefinition,
  facts: GateFacts,
): { stage: string; missing: MissingRequirement[] }[] {
  return [...catalog]
    .sort((left, right) => left.order - right.order)
    .map((candidate) => ({
      stage: candidate.code,
      missing:
        candidate.code === current.code ||
        (!current.closing && !candidate.closing && candidate.order < current.order)
          ? []
          : missingForStage(catalog, candidate, facts),
    }));
}

/**
 * The closing requirements the closing dialog cannot fill, because they are about the deal's past
 * (completion needs to have been through 06 Won). A closing stage with one of these unmet is not
 * available yet, and says so before anyone tries; the others (reason, competitor, note) the dialog asks for.
 */
export function unmetClosingPrerequisites<T extends { requirement: string }>(missing: readonly T[]): T[] {
  return missing.filter((item) => item.requirement === 'reached-won');
}

/** A few words for an unmet closing prerequisite, under the closing's button: "needs 06 Won first". */
export function closingPrerequisiteShortLabel(
  catalog: readonly StageDefinition[],
  requirement: string,
): string {
  if (requirement === 'reached-won') return `needs ${findStage(catalog, 'won')?.label ?? 'Won'} first`;
  return `needs ${requirementShortLabels[requirement as ClosingRequirement] ?? requirement}`;
}

/**
 * SPEC §3: an open stage at or past 06 Won means the deal has been through won (what a completion
 * needs later); a closing stage never counts, whatever its order.
 */
export function hasReachedWon(catalog: readonly StageDefinition[], stage: StageDefinition): boolean {
  const won = findStage(catalog, 'won');
  return !stage.closing && won !== undefined && stage.order >= won.order;
}

/**
 * Why a stage is refused, as the API answers it (the server turns it into its error): the gate
 * requirements still missing (`GATE_NOT_MET`, listed per stage), or why the move is not possible.
 */
export type StageRefusal = {
  code: Extract<ErrorCode, 'GATE_NOT_MET' | 'UNPROCESSABLE'>;
  message: string;
  details: Record<string, unknown>;
};

/** The refusal of entering `target` while `missing` (from `missingForStage`) is not empty. */
export function gateRefusal(missing: readonly MissingRequirement[], target: StageDefinition): StageRefusal {
  return {
    code: 'GATE_NOT_MET',
    message: `${target.label} needs ${missing.map((item) => item.message).join('; ')}`,
    details: { stage: target.code, missing },
  };
}

/** The refusal of a stage move `checkStageMove` did not allow: what the gates miss, or its reason. */
export function stageMoveRefusal(check: StageMoveCheck, target: StageDefinition): StageRefusal {
  if (!check.allowed && check.missing.length > 0) return gateRefusal(check.missing, target);
  const reason = check.allowed ? undefined : check.reason;
  return {
    code: 'UNPROCESSABLE',
    message: reason ?? 'This stage change is not possible',
    details: { fields: [{ field: 'stage', message: reason ?? 'is not possible from the current stage' }] },
  };
}
