import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { weightedMinor } from '../../core/money.ts';

type Command =
  | { kind: 'add'; amountMinor: number; priced: boolean; date: string }
  | { kind: 'edit'; index: number; amountMinor: number }
  | { kind: 'lose'; index: number }
  | { kind: 'remove'; index: number }
  | { kind: 'move'; stage: string }
  | { kind: 'date'; date: string }
  | { kind: 'probability'; probability: number };

const dates = ['2027-01-15', '2027-02-28', '2027-06-30'];
const stages = [
  'identify',
  'validate',
  'qualify',
  'propose',
  'conditional',
  'won',
  'implement',
  'completed',
  'lost',
  'client-declined',
];

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    amountMinor: fc.integer({ min: 0, max: 5_000_000 }),
    priced: fc.boolean(),
    date: fc.constantFrom(...dates),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    index: fc.nat(5),
    amountMinor: fc.integer({ min: 0, max: 5_000_000 }),
  }),
  fc.record({ kind: fc.constant('lose' as const), index: fc.nat(5) }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat(5) }),
  fc.record({ kind: fc.constant('move' as const), stage: fc.constantFrom(...stages) }),
  fc.record({ kind: fc.constant('date' as const), date: fc.constantFrom(...dates) }),
  fc.record({ kind: fc.constant('probability' as const), probability: fc.integer({ min: 0, max: 100 }) }),
);

describe.each(engines)('opportunity consistency under any sequence of changes on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  it('keeps the total equal to the lines, the history chained to the stage, and nothing half-written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const created = await w.seller.post('/api/v1/opportunities', {
          name: 'Property deal',
          contactId: w.contactId,
          currency: 'EUR',
        });
        const id = created.data.id as number;
        for (const step of commands) {
          const lines = (await w.seller.get(`/api/v1/opportunities/${id}/line-items`)).data.items as {
            id: number;
          }[];
          const line = lines.length ? lines[('index' in step ? step.index : 0) % lines.length] : undefined;
          let response: { statusCode: number } | undefined;
          switch (step.kind) {
            case 'add':
              response = await w.seller.post(
                `/api/v1/opportunities/${id}/line-items`,
                step.priced
                  ? { description: 'Priced', unitPriceMinor: step.amountMinor, decisionDate: step.date }
                  : { description: 'Estimate', amountMinor: step.amountMinor, decisionDate: step.date },
              );
              break;
            case 'edit':
              if (line)
                response = await w.seller.patch(`/api/v1/line-items/${line.id}`, {
                  unitPriceMinor: step.amountMinor,
                });
              break;
            case 'lose':
              if (line) response = await w.seller.patch(`/api/v1/line-items/${line.id}`, { outcome: 'lost' });
              break;
            case 'remove':
              if (line) response = await w.seller.delete(`/api/v1/line-items/${line.id}`);
              break;
            case 'move':
              response = await w.seller.post(`/api/v1/opportunities/${id}/stage`, {
                stage: step.stage,
                note: 'property step',
                reason: 'property',
                competitor: 'Globex',
              });
              break;
            case 'date':
              response = await w.seller.patch(`/api/v1/opportunities/${id}`, { decisionDate: step.date });
              break;
            case 'probability':
              response = await w.seller.patch(`/api/v1/opportunities/${id}`, {
                probability: step.probability,
              });
              break;
          }
          if (response) expect([200, 201, 204, 422]).toContain(response.statusCode);
        }
        const opportunity = (await w.seller.get(`/api/v1/opportunities/${id}`)).data;
        const lines = (await w.seller.get(`/api/v1/opportunities/${id}/line-items`)).data.items as {
          amountMinor: number;
          outcome: string;
          decisionDate: string | null;
        }[];
        const history = (await w.seller.get(`/api/v1/opportunities/${id}/history`)).data.items as {
          fromStage: string | null;
          toStage: string;
        }[];
        if (lines.length > 0) {
          const total = lines
            .filter((each) => each.outcome !== 'lost')
            .reduce((sum, each) => sum + each.amountMinor, 0);
          expect(opportunity.amountMinor).toBe(total);
          const openDates = lines
            .filter((each) => each.outcome === 'open' && each.decisionDate)
            .map((each) => each.decisionDate as string);
          if (openDates.length > 0) expect(opportunity.decisionDate).toBe(openDates.sort().at(-1));
        }
        expect(opportunity.weightedAmountMinor).toBe(
          weightedMinor(opportunity.amountMinor, opportunity.probability),
        );
        expect(opportunity.lineItemCount).toBe(lines.length);
        if (opportunity.isClosed) expect(lines.some((each) => each.outcome === 'open')).toBe(false);
        expect(history[0]).toMatchObject({ fromStage: null });
        for (let index = 1; index < history.length; index += 1) {
          expect(history[index]?.fromStage).toBe(history[index - 1]?.toStage);
        }
        expect(history.at(-1)?.toStage).toBe(opportunity.stage);
        expect(opportunity.amountReportingMinor).toBe(
          Math.round((opportunity.amountMinor * Number(opportunity.exchangeRate) * 100) / 100),
        );
      }),
      { numRuns: engine === 'sqlite' ? 25 : 10 },
    );
  });
});
