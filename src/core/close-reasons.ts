/**
 * Close reasons (SPEC §2 "close reason and note", §8 "win/loss by reason"): an admin-managed
 * picklist per closing stage, so the win/loss report groups deals by reason rather than by
 * whatever text each seller typed. "Other" is in every closing stage's list and needs a note
 * saying what the reason was. Used by the server (stage moves, imports) and by the web (the
 * closing dialog), so both agree on which reasons a closing may take.
 */

export type CloseReasonDefinition = {
  id: number;
  label: string;
  /** The closing stages (codes) the reason applies to; "Other" applies to every closing stage. */
  stages: readonly string[];
  order: number;
  isActive: boolean;
  /** The one "Other" reason: always offered, always active, and it needs a note. */
  isOther: boolean;
};

/** What a closing says about its reason: a reason of the list, or (older integrations, imports) its label as text. */
export type CloseReasonChoice = {
  reasonId?: number | null | undefined;
  reason?: string | null | undefined;
  reasonNote?: string | null | undefined;
};

export type ResolvedCloseReason = { id: number; label: string; note: string | null };

export type CloseReasonResolution =
  | { ok: true; reason: ResolvedCloseReason | null }
  | { ok: false; field: 'reasonId' | 'reason' | 'reasonNote'; message: string };

export const closeReasonNoteMax = 500;

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

export function appliesToStage(reason: CloseReasonDefinition, stageCode: string): boolean {
  return reason.isOther || reason.stages.includes(stageCode);
}

/** The reasons a closing into `stageCode` may take, in the admin's order, "Other" last. */
export function reasonsForStage(
  reasons: readonly CloseReasonDefinition[],
  stageCode: string,
): CloseReasonDefinition[] {
  return reasons
    .filter((reason) => (reason.isActive || reason.isOther) && appliesToStage(reason, stageCode))
    .sort(
      (left, right) =>
        Number(left.isOther) - Number(right.isOther) ||
        left.order - right.order ||
        left.label.localeCompare(right.label),
    );
}

/** The active reason of this stage whose label matches the text (case and spacing aside). */
export function findReasonByLabel(
  reasons: readonly CloseReasonDefinition[],
  stageCode: string,
  text: string,
): CloseReasonDefinition | undefined {
  const wanted = normalized(text);
  return reasonsForStage(reasons, stageCode).find((reason) => normalized(reason.label) === wanted);
}

export function otherReasonOf(reasons: readonly CloseReasonDefinition[]): CloseReasonDefinition | undefined {
  return reasons.find((reason) => reason.isOther);
}

function stageNames(codes: readonly string[], labelOf: (code: string) => string): string {
  return codes.map(labelOf).join(', ') || 'no closing stage';
}

/**
 * Which reason a closing into `stageCode` records. A `reasonId` must be an active reason of that
 * stage; "Other" needs a note. A text `reason` (SPEC §9.1's field, and CSV imports) that matches a
 * label of the stage's list is that reason; any other text is recorded as "Other" with the text as
 * its note, so nothing a caller sent is lost and the report still groups by the list.
 */
export function resolveCloseReason(
  reasons: readonly CloseReasonDefinition[],
  stageCode: string,
  choice: CloseReasonChoice,
  labelOfStage: (code: string) => string = (code) => code,
): CloseReasonResolution {
  const note = hasText(choice.reasonNote) ? choice.reasonNote.trim() : null;
  if (choice.reasonId !== undefined && choice.reasonId !== null) {
    const reason = reasons.find((candidate) => candidate.id === choice.reasonId);
    if (!reason) return { ok: false, field: 'reasonId', message: 'is not a close reason' };
    if (!reason.isActive && !reason.isOther) {
      return { ok: false, field: 'reasonId', message: `"${reason.label}" is no longer in use` };
    }
    if (!appliesToStage(reason, stageCode)) {
      return {
        ok: false,
        field: 'reasonId',
        message: `"${reason.label}" is a reason for ${stageNames(reason.stages, labelOfStage)}, not for ${labelOfStage(stageCode)}`,
      };
    }
    if (hasText(choice.reason) && normalized(choice.reason) !== normalized(reason.label)) {
      return {
        ok: false,
        field: 'reason',
        message: `does not match reasonId (${reason.label}); send one of them`,
      };
    }
    if (reason.isOther && note === null) {
      return {
        ok: false,
        field: 'reasonNote',
        message: `"${reason.label}" needs a note saying what the reason was`,
      };
    }
    return { ok: true, reason: { id: reason.id, label: reason.label, note } };
  }
  if (hasText(choice.reason)) {
    const text = choice.reason.trim();
    const match = findReasonByLabel(reasons, stageCode, text);
    if (match && !(match.isOther && note === null)) {
      return { ok: true, reason: { id: match.id, label: match.label, note } };
    }
    if (match?.isOther) {
      return {
        ok: false,
        field: 'reasonNote',
        message: `"${match.label}" needs a note saying what the reason was`,
      };
    }
    const other = otherReasonOf(reasons);
    if (!other)
      return { ok: false, field: 'reason', message: `is not a close reason of ${labelOfStage(stageCode)}` };
    const combined = note ? `${text}: ${note}` : text;
    return {
      ok: true,
      reason: { id: other.id, label: other.label, note: combined.slice(0, closeReasonNoteMax) },
    };
  }
  if (note !== null) return { ok: false, field: 'reasonNote', message: 'goes with a reason; choose one' };
  return { ok: true, reason: null };
}
