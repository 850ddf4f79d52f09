import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxAmountMinor, weightedMinor } from './money.ts';
import { type HistoryFacts, historyKind, keepsFrozenRate, rolledUpColumns } from './opportunity-state.ts';

const before: HistoryFacts = {
  stage: 'identify',
  amount_minor: 100,
  currency: 'USD',
  decision_date: '2027-01-31',
  probability: 10,
};

describe('the history row a change records (SPEC §3)', () => {
  it('records a new stage as a move, or as the reopening it is', () => {
    expect(historyKind(before, { ...before, stage: 'validate', amount_minor: 5 }, undefined)).toBe('stage');
    expect(historyKind(before, { ...before, stage: 'validate' }, 'reopen')).toBe('reopen');
  });

  it('names the one thing that changed, "update" for several, and nothing for none', () => {
    expect(historyKind(before, { ...before, amount_minor: 200 }, undefined)).toBe('amount');
    expect(historyKind(before, { ...before, currency: 'EUR' }, undefined)).toBe('amount');
    expect(historyKind(before, { ...before, decision_date: '2027-02-01' }, undefined)).toBe('decision-date');
    expect(historyKind(before, { ...before, probability: 20 }, undefined)).toBe('probability');
    expect(historyKind(before, { ...before, probability: 20, amount_minor: 1 }, undefined)).toBe('update');
    expect(historyKind(before, { ...before }, 'stage')).toBeNull();
  });
});

describe('the frozen rate (SPEC §4)', () => {
  it('is kept while a frozen deal stays frozen in its currency', () => {
    expect(keepsFrozenRate({ currency: 'EUR', is_rate_frozen: 1 }, {})).toBe(true);
    expect(keepsFrozenRate({ currency: 'EUR', is_rate_frozen: 1 }, { currency: 'EUR' })).toBe(true);
  });

  it('is not kept when the deal reopens, changes currency, or was never frozen', () => {
    expect(keepsFrozenRate({ currency: 'EUR', is_rate_frozen: 1 }, { is_rate_frozen: 0 })).toBe(false);
    expect(keepsFrozenRate({ currency: 'EUR', is_rate_frozen: 1 }, { currency: 'USD' })).toBe(false);
    // A closing freezes the rate it is saved at now, the one in force.
    expect(keepsFrozenRate({ currency: 'EUR', is_rate_frozen: 0 }, { is_rate_frozen: 1 })).toBe(false);
    expect(keepsFrozenRate({ currency: 'EUR', is_rate_frozen: 0 }, {})).toBe(false);
  });
});

describe('the rolled-up columns (SPEC §4)', () => {
  const current = { probability: 40, amount_minor: 1_000, decision_date: '2027-01-31' };

  it('without line items, keeps or takes the change’s amount, date and probability', () => {
    expect(rolledUpColumns(current, {}, [])).toEqual({
      ok: true,
      columns: {
        amount_minor: 1_000,
        decision_date: '2027-01-31',
        probability: 40,
        weighted_amount_minor: 400,
        line_item_count: 0,
      },
    });
    expect(
      rolledUpColumns(current, { amount_minor: 2_000, probability: 50, decision_date: '2027-05-01' }, []),
    ).toEqual({
      ok: true,
      columns: {
        amount_minor: 2_000,
        decision_date: '2027-05-01',
        probability: 50,
        weighted_amount_minor: 1_000,
        line_item_count: 0,
      },
    });
  });

  it('with line items, the total is theirs without the lost ones, the date their latest open one', () => {
    const result = rolledUpColumns(current, { amount_minor: 9 }, [
      { amountMinor: 300, decisionDate: '2027-03-01', outcome: 'open' },
      { amountMinor: 200, decisionDate: '2027-09-01', outcome: 'won' },
      { amountMinor: 500, decisionDate: '2027-12-01', outcome: 'lost' },
    ]);
    expect(result).toEqual({
      ok: true,
      columns: {
        amount_minor: 500,
        decision_date: '2027-03-01',
        probability: 40,
        weighted_amount_minor: 200,
        line_item_count: 3,
      },
    });
    const undated = rolledUpColumns(current, {}, [{ amountMinor: 1, decisionDate: null, outcome: 'open' }]);
    expect(undated.ok && undated.columns.decision_date).toBe('2027-01-31');
  });

  it('refuses a total past the largest amount stored, and accepts one at it', () => {
    const half = { amountMinor: maxAmountMinor / 2, decisionDate: null, outcome: 'open' as const };
    expect(rolledUpColumns(current, {}, [half, half]).ok).toBe(true);
    const refused = rolledUpColumns(current, {}, [half, half, { ...half, amountMinor: 1 }]);
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('the largest amount stored') });
  });

  it('weights the total by the probability (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { maxLength: 5 }),
        fc.integer({ min: 0, max: 100 }),
        (amounts, probability) => {
          const lines = amounts.map((amountMinor) => ({
            amountMinor,
            decisionDate: null,
            outcome: 'open' as const,
          }));
          const result = rolledUpColumns(current, { probability }, lines);
          if (!result.ok) return false;
          const total =
            lines.length > 0 ? amounts.reduce((sum, each) => sum + each, 0) : current.amount_minor;
          return (
            result.columns.amount_minor === total &&
            result.columns.weighted_amount_minor === weightedMinor(total, probability)
          );
        },
      ),
    );
  });
});
