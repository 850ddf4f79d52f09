import {
  type ClosingInput,
  hasReachedWon,
  type StageDefinition,
  type StageMoveKind,
  type StageOutcome,
} from './stages.ts';

/**
 * The `opportunities` columns a stage move writes, by their stored names (as `StoredLineFacts` in
 * rollup.ts names the line items' columns): the server writes them as they are.
 */
export type StageMoveColumns = {
  stage: string;
  stage_entered_at: string;
  probability: number;
  outcome: StageOutcome;
  has_reached_won?: number;
  closed_at?: string | null;
  closed_amount_reporting_minor?: number | null;
  is_rate_frozen?: number;
  close_reason?: string | null;
  close_reason_id?: number | null;
  close_reason_note?: string | null;
  close_note?: string | null;
  competitor?: string;
};

/** What a stage move writes (SPEC §3): its columns, what happens to the line items, the history amount. */
export type StageMoveChange = {
  values: StageMoveColumns;
  /** Closing closes the open line items won or lost with the deal; reopening reopens them. */
  lineOutcome: 'won' | 'lost' | 'reopen' | null;
  /** A closing records the deal's value at closing in the history. */
  historyAmountMinor?: number;
};

/**
 * SPEC §3, pure: the change a checked stage move makes, shared by `POST …/stage` and by bulk
 * imports of closed deals. The target's probability and outcome come with it; a closing freezes
 * the rate and keeps its reason, note and competitor; a reopening clears them; reaching 06 Won is
 * remembered for a later completion.
 */
export function stageMoveChange(
  catalog: readonly StageDefinition[],
  kind: StageMoveKind,
  target: StageDefinition,
  input: ClosingInput,
  current: { amount_minor: number },
  now: string,
): StageMoveChange {
  const values: StageMoveColumns = {
    stage: target.code,
    stage_entered_at: now,
    probability: target.probability,
    outcome: target.outcome,
  };
  switch (kind) {
    case 'forward':
    case 'back':
      if (hasReachedWon(catalog, target)) values.has_reached_won = 1;
      return { values, lineOutcome: null };
    case 'close':
      values.closed_at = now;
      values.is_rate_frozen = 1;
      values.close_reason = input.reason ?? null;
      values.close_reason_id = input.reasonId ?? null;
      values.close_reason_note = input.reasonNote ?? null;
      values.close_note = input.note ?? null;
      if (input.competitor) values.competitor = input.competitor;
      // SPEC §3: closing closes every open line item, won or lost with the deal.
      return {
        values,
        lineOutcome: target.outcome === 'won' ? 'won' : 'lost',
        historyAmountMinor: current.amount_minor,
      };
    case 'reopen':
      values.closed_at = null;
      values.closed_amount_reporting_minor = null;
      values.is_rate_frozen = 0;
      values.close_reason = null;
      values.close_reason_id = null;
      values.close_reason_note = null;
      values.close_note = null;
      if (hasReachedWon(catalog, target)) values.has_reached_won = 1;
      return { values, lineOutcome: 'reopen' };
    case 'same':
      return { values, lineOutcome: null };
  }
}
