import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkStageMove,
  closingPrerequisiteShortLabel,
  defaultStages,
  findStage,
  type GateFacts,
  gateRefusal,
  hasReachedWon,
  isGateRequirementMet,
  isStale,
  missingForStage,
  type StageDefinition,
  stageMoveRefusal,
  stageReadiness,
  staleBefore,
  unmetClosingPrerequisites,
} from './stages.ts';

const stage = (code: string): StageDefinition => {
  const found = findStage(defaultStages, code);
  if (!found) throw new Error(code);
  return found;
};

const nothing: GateFacts = {
  hasPrimaryContact: false,
  decisionDate: '2027-01-31',
  totalMinor: 0,
  lineItems: [],
  hasReachedWon: false,
};
const priced = {
  amountMinor: 100_00,
  unitPriceMinor: 100_00,
  decisionDate: '2027-01-31',
  outcome: 'open' as const,
};
const ready: GateFacts = { ...nothing, hasPrimaryContact: true, totalMinor: 100_00, lineItems: [priced] };

describe('the default catalog (SPEC §3)', () => {
  it('has seven open gates and four closings with the spec’s probabilities', () => {
    expect(
      defaultStages.filter((each) => !each.closing).map((each) => [each.code, each.probability]),
    ).toEqual([
      ['identify', 10],
      ['validate', 25],
      ['qualify', 40],
      ['propose', 60],
      ['conditional', 80],
      ['won', 100],
      ['implement', 100],
    ]);
    expect(defaultStages.filter((each) => each.closing).map((each) => [each.code, each.outcome])).toEqual([
      ['completed', 'won'],
      ['lost', 'lost'],
      ['client-declined', 'lost'],
      ['partner-declined', 'lost'],
    ]);
  });
});

describe('gates', () => {
  it('needs a primary contact to enter validate', () => {
    expect(missingForStage(defaultStages, stage('validate'), nothing)).toEqual([
      { stage: 'validate', requirement: 'primary-contact', message: 'a primary BPContact' },
    ]);
    expect(
      missingForStage(defaultStages, stage('validate'), { ...nothing, hasPrimaryContact: true }),
    ).toEqual([]);
  });

  it('lists every skipped gate’s missing requirement, per stage', () => {
    const missing = missingForStage(defaultStages, stage('won'), nothing);
    expect(missing.map((item) => `${item.stage}:${item.requirement}`)).toEqual([
      'validate:primary-contact',
      'qualify:line-item-with-amount',
      'propose:open-lines-priced-and-dated',
      'won:total-above-zero',
    ]);
  });

  it('needs every open line priced and dated to enter propose, and ignores lost lines for it', () => {
    const unpriced = { ...priced, unitPriceMinor: null, amountMinor: 50_00 };
    const undated = { ...priced, decisionDate: null };
    const lost = { ...priced, unitPriceMinor: null, outcome: 'lost' as const };
    expect(
      missingForStage(defaultStages, stage('propose'), { ...ready, lineItems: [priced, unpriced] }),
    ).toHaveLength(1);
    expect(
      missingForStage(defaultStages, stage('propose'), { ...ready, lineItems: [priced, undated] }),
    ).toHaveLength(1);
    expect(missingForStage(defaultStages, stage('propose'), { ...ready, lineItems: [priced, lost] })).toEqual(
      [],
    );
  });

  it('moves back freely, and refuses to stay where it is', () => {
    expect(checkStageMove(defaultStages, stage('propose'), stage('identify'), nothing)).toEqual({
      allowed: true,
      kind: 'back',
    });
    expect(checkStageMove(defaultStages, stage('qualify'), stage('qualify'), ready).allowed).toBe(false);
  });

  it('closes as lost only with a competitor and a note, and as declined only with a reason and a note', () => {
    const lost = checkStageMove(defaultStages, stage('qualify'), stage('lost'), ready, {});
    expect(lost.allowed).toBe(false);
    expect(lost.allowed ? [] : lost.missing.map((item) => item.requirement)).toEqual(['competitor', 'note']);
    expect(
      checkStageMove(defaultStages, stage('qualify'), stage('lost'), ready, {
        competitor: 'Globex',
        note: 'price',
      }).allowed,
    ).toBe(true);
    const declined = checkStageMove(defaultStages, stage('identify'), stage('client-declined'), nothing, {
      note: ' ',
    });
    expect(declined.allowed ? [] : declined.missing.map((item) => item.requirement)).toEqual([
      'reason',
      'note',
    ]);
  });

  it('completes only an opportunity that has been through won', () => {
    expect(checkStageMove(defaultStages, stage('conditional'), stage('completed'), ready).allowed).toBe(
      false,
    );
    expect(
      checkStageMove(defaultStages, stage('implement'), stage('completed'), { ...ready, hasReachedWon: true })
        .allowed,
    ).toBe(true);
  });

  it('reopens only with a note, through the target’s gates, and never closes a closed one another way', () => {
    const reopen = checkStageMove(defaultStages, stage('lost'), stage('qualify'), ready, {});
    expect(reopen.allowed ? [] : reopen.missing.map((item) => item.requirement)).toEqual(['note']);
    expect(
      checkStageMove(defaultStages, stage('lost'), stage('qualify'), ready, { note: 'back in play' }).allowed,
    ).toBe(true);
    const noLines = checkStageMove(
      defaultStages,
      stage('lost'),
      stage('qualify'),
      { ...ready, lineItems: [] },
      { note: 'x' },
    );
    expect(noLines.allowed).toBe(false);
    expect(checkStageMove(defaultStages, stage('lost'), stage('completed'), ready, {}).allowed).toBe(false);
  });

  it('tells the UI what each stage still needs, and nothing for stages behind', () => {
    const readiness = stageReadiness(defaultStages, stage('qualify'), {
      ...ready,
      lineItems: [{ ...priced, decisionDate: null }],
    });
    expect(readiness.find((item) => item.stage === 'identify')?.missing).toEqual([]);
    expect(
      readiness.find((item) => item.stage === 'propose')?.missing.map((item) => item.requirement),
    ).toEqual(['open-lines-priced-and-dated']);
  });

  it('treats gates as cumulative: entering a stage is allowed exactly when every earlier gate holds (property)', () => {
    const openCodes = defaultStages.filter((each) => !each.closing).map((each) => each.code);
    const line = fc.record({
      amountMinor: fc.integer({ min: 0, max: 1_000_000 }),
      unitPriceMinor: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      decisionDate: fc.option(fc.constant('2027-03-31'), { nil: null }),
      outcome: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
    });
    const facts = fc.record({
      hasPrimaryContact: fc.boolean(),
      decisionDate: fc.constant('2027-03-31'),
      totalMinor: fc.integer({ min: 0, max: 1_000_000 }),
      lineItems: fc.array(line, { maxLength: 4 }),
      hasReachedWon: fc.boolean(),
    });
    fc.assert(
      fc.property(facts, fc.constantFrom(...openCodes), (gateFacts, code) => {
        const target = stage(code);
        const allowed =
          checkStageMove(defaultStages, stage('identify'), target, gateFacts).allowed || code === 'identify';
        const everyGateHolds = defaultStages
          .filter((each) => !each.closing && each.order <= target.order)
          .every((each) =>
            each.requirements.every((requirement) => isGateRequirementMet(requirement, gateFacts)),
          );
        return allowed === everyGateHolds;
      }),
    );
  });
});

describe('closing prerequisites (shown on the stage bar before anyone tries)', () => {
  it('says a completion needs 06 Won first, and nothing the closing dialog asks for', () => {
    const readiness = stageReadiness(defaultStages, stage('identify'), ready);
    const of = (code: string) => readiness.find((item) => item.stage === code)?.missing ?? [];
    expect(unmetClosingPrerequisites(of('completed')).map((item) => item.requirement)).toEqual([
      'reached-won',
    ]);
    expect(unmetClosingPrerequisites(of('lost'))).toEqual([]);
    expect(unmetClosingPrerequisites(of('client-declined'))).toEqual([]);
    const afterWon = stageReadiness(defaultStages, stage('implement'), { ...ready, hasReachedWon: true });
    expect(
      unmetClosingPrerequisites(afterWon.find((item) => item.stage === 'completed')?.missing ?? []),
    ).toEqual([]);
    expect(closingPrerequisiteShortLabel(defaultStages, 'reached-won')).toBe('needs 06 Won first');
  });
});

describe('the note a closing needs', () => {
  it('is the closing note or the note on its reason ("Other" described), not both', () => {
    const declined = stage('client-declined');
    const missing = (input: Parameters<typeof missingForStage>[3]) =>
      missingForStage(defaultStages, declined, ready, input).map((item) => item.requirement);
    expect(missing({ reasonId: 9 })).toEqual(['note']);
    expect(missing({ reasonId: 9, reasonNote: 'Budget frozen' })).toEqual([]);
    expect(missing({ reasonId: 9, note: 'Back next year' })).toEqual([]);
    expect(missing({ reasonId: 9, reasonNote: '  ' })).toEqual(['note']);
  });
});

describe('the stale rule (SPEC §8 Home)', () => {
  const now = new Date('2026-12-03T12:00:00.000Z');

  it('is the instant staleAfterDays before now', () => {
    expect(staleBefore(30, now)).toBe('2026-11-03T12:00:00.000Z');
    expect(staleBefore(1, now)).toBe('2026-12-02T12:00:00.000Z');
  });

  it('flags an open deal that entered its stage before that instant, and only then', () => {
    const open = (stageEnteredAt: string) => ({ outcome: 'open' as const, stageEnteredAt });
    expect(isStale(open('2026-11-03T11:59:59.999Z'), 30, now)).toBe(true);
    expect(isStale(open('2026-11-03T12:00:00.000Z'), 30, now)).toBe(false);
    expect(isStale(open('2026-12-01T00:00:00.000Z'), 30, now)).toBe(false);
    expect(isStale(open('2026-12-01T00:00:00.000Z'), 1, now)).toBe(true);
  });

  it('never flags a closed deal', () => {
    for (const outcome of ['won', 'lost'] as const) {
      expect(isStale({ outcome, stageEnteredAt: '2020-01-01T00:00:00.000Z' }, 30, now)).toBe(false);
    }
  });

  it('agrees with the list filter’s comparison of stored times', () => {
    for (const entered of [
      '2026-11-03T11:59:59.999Z',
      '2026-11-03T12:00:00.000Z',
      '2026-11-03T12:00:00.001Z',
    ]) {
      expect(isStale({ outcome: 'open', stageEnteredAt: entered }, 30, now)).toBe(
        entered < staleBefore(30, now),
      );
    }
  });
});

describe('having reached 06 Won', () => {
  it('is an open stage at or past 06 Won, never a closing', () => {
    expect(hasReachedWon(defaultStages, stage('won'))).toBe(true);
    expect(hasReachedWon(defaultStages, stage('propose'))).toBe(false);
    expect(hasReachedWon(defaultStages, stage('completed'))).toBe(false);
    const later = { ...stage('won'), code: 'delivered', order: stage('won').order + 0.5 };
    expect(hasReachedWon([...defaultStages, later], later)).toBe(true);
  });

  it('is never reached in a catalog without a won stage', () => {
    const catalog = defaultStages.filter((each) => each.code !== 'won');
    expect(hasReachedWon(catalog, stage('propose'))).toBe(false);
  });
});

describe('the refusal of a stage (what the API answers)', () => {
  it('lists the missing gate requirements per stage, by the target’s label', () => {
    const missing = missingForStage(defaultStages, stage('validate'), nothing);
    expect(gateRefusal(missing, stage('validate'))).toEqual({
      code: 'GATE_NOT_MET',
      message: `${stage('validate').label} needs ${missing.map((item) => item.message).join('; ')}`,
      details: { stage: 'validate', missing },
    });
    const check = checkStageMove(defaultStages, stage('identify'), stage('validate'), nothing);
    expect(stageMoveRefusal(check, stage('validate'))).toEqual(gateRefusal(missing, stage('validate')));
  });

  it('gives the reason of a move that is not possible, on the stage field', () => {
    const check = checkStageMove(defaultStages, stage('identify'), stage('identify'), nothing);
    expect(stageMoveRefusal(check, stage('identify'))).toEqual({
      code: 'UNPROCESSABLE',
      message: `The opportunity is already in ${stage('identify').label}`,
      details: {
        fields: [{ field: 'stage', message: `The opportunity is already in ${stage('identify').label}` }],
      },
    });
  });

  it('says a move is not possible when asked about one the check allowed but the caller cannot make', () => {
    const check = checkStageMove(defaultStages, stage('validate'), stage('identify'), nothing);
    expect(stageMoveRefusal(check, stage('identify'))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'This stage change is not possible',
      details: { fields: [{ field: 'stage', message: 'is not possible from the current stage' }] },
    });
  });
});
