import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultStages,
  findStage,
  type GateFacts,
  gateWorkFor,
  lineGaps,
  missingForStage,
  openStages,
  type StageDefinition,
} from './stages.ts';

const stage = (code: string): StageDefinition => {
  const found = findStage(defaultStages, code);
  if (!found) throw new Error(code);
  return found;
};

type Line = GateFacts['lineItems'][number];

const factsOf = (hasPrimaryContact: boolean, lineItems: Line[]): GateFacts => ({
  hasPrimaryContact,
  decisionDate: '2027-01-31',
  totalMinor: lineItems
    .filter((line) => line.outcome !== 'lost')
    .reduce((sum, line) => sum + line.amountMinor, 0),
  lineItems,
  hasReachedWon: false,
});

const unpriced: Line = { amountMinor: 0, unitPriceMinor: null, decisionDate: null, outcome: 'open' };
const pricedUndated: Line = {
  amountMinor: 500_00,
  unitPriceMinor: 500_00,
  decisionDate: null,
  outcome: 'open',
};
const done: Line = {
  amountMinor: 100_00,
  unitPriceMinor: 100_00,
  decisionDate: '2027-02-01',
  outcome: 'open',
};

describe('lineGaps (SPEC §3 "priced and dated")', () => {
  it('needs a price above zero and a date', () => {
    expect(lineGaps(unpriced)).toEqual({ needsPrice: true, needsDate: true });
    expect(lineGaps({ unitPriceMinor: 0, decisionDate: '2027-01-01' })).toEqual({
      needsPrice: true,
      needsDate: false,
    });
    expect(lineGaps(done)).toEqual({ needsPrice: false, needsDate: false });
  });
});

describe('gateWorkFor', () => {
  it('asks for a primary contact alone when validate only lacks one', () => {
    const facts = factsOf(false, []);
    const work = gateWorkFor(missingForStage(defaultStages, stage('validate'), facts), facts.lineItems);
    expect(work).toEqual({
      primaryContact: true,
      decisionDate: false,
      lines: [],
      newLine: null,
      unfillable: [],
    });
  });

  it('asks for exactly the price and date each open line lacks to enter propose', () => {
    const lines: Line[] = [done, pricedUndated, unpriced, { ...unpriced, outcome: 'lost' }];
    const facts = factsOf(true, lines);
    const work = gateWorkFor(missingForStage(defaultStages, stage('propose'), facts), lines);
    expect(work.primaryContact).toBe(false);
    expect(work.lines).toEqual([
      { index: 1, needsPrice: false, needsDate: true },
      { index: 2, needsPrice: true, needsDate: true },
    ]);
    expect(work.newLine).toBeNull();
  });

  it('asks for a new priced and dated line when the deal has no open line', () => {
    const facts = factsOf(true, []);
    const work = gateWorkFor(missingForStage(defaultStages, stage('propose'), facts), []);
    expect(work.newLine).toEqual({ needsDate: true });
    expect(work.lines).toEqual([]);
  });

  it('asks for the price of unpriced lines to enter qualify, not their dates', () => {
    const facts = factsOf(true, [unpriced]);
    const work = gateWorkFor(missingForStage(defaultStages, stage('qualify'), facts), facts.lineItems);
    expect(work.lines).toEqual([{ index: 0, needsPrice: true, needsDate: false }]);
    expect(work.newLine).toBeNull();
  });

  it('leaves closing requirements to the closing dialog', () => {
    const missing = missingForStage(defaultStages, stage('lost'), factsOf(true, []));
    expect(gateWorkFor(missing, []).unfillable.map((item) => item.requirement)).toEqual([
      'competitor',
      'note',
    ]);
  });

  it('filling what it asks for meets every gate up to the target (property)', () => {
    const line = fc.record({
      unitPriceMinor: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
      decisionDate: fc.option(fc.constant('2027-03-01'), { nil: null }),
      outcome: fc.constantFrom('open', 'won', 'lost') as fc.Arbitrary<Line['outcome']>,
      quantity: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(line, { maxLength: 4 }),
        fc.constantFrom(...openStages(defaultStages).map((each) => each.code)),
        (hasPrimaryContact, drafts, target) => {
          const lines: Line[] = drafts.map((draft) => ({
            amountMinor: (draft.unitPriceMinor ?? 0) * draft.quantity,
            unitPriceMinor: draft.unitPriceMinor,
            decisionDate: draft.decisionDate,
            outcome: draft.outcome,
          }));
          const facts = factsOf(hasPrimaryContact, lines);
          const work = gateWorkFor(missingForStage(defaultStages, stage(target), facts), lines);
          const filled = lines.map((each, index) => {
            const gaps = work.lines.find((item) => item.index === index);
            if (!gaps) return each;
            const unitPriceMinor = gaps.needsPrice ? 250_00 : each.unitPriceMinor;
            return {
              ...each,
              unitPriceMinor,
              amountMinor: gaps.needsPrice ? 250_00 : each.amountMinor,
              decisionDate: gaps.needsDate ? '2027-04-01' : each.decisionDate,
            };
          });
          if (work.newLine) {
            filled.push({
              amountMinor: 99_00,
              unitPriceMinor: 99_00,
              decisionDate: work.newLine.needsDate ? '2027-04-01' : null,
              outcome: 'open',
            });
          }
          const after = factsOf(hasPrimaryContact || work.primaryContact, filled);
          expect(missingForStage(defaultStages, stage(target), after)).toEqual([]);
        },
      ),
    );
  });
});
