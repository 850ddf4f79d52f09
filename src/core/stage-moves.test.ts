import { describe, expect, it } from 'vitest';
import { stageMoveChange } from './stage-moves.ts';
import { defaultStages, findStage, type StageDefinition } from './stages.ts';

const stage = (code: string): StageDefinition => {
  const found = findStage(defaultStages, code);
  if (!found) throw new Error(code);
  return found;
};
const now = '2027-03-01T10:00:00.000Z';

describe('the change a stage move makes (SPEC §3)', () => {
  it('moves forward with the target’s probability and outcome, and remembers reaching 06 Won', () => {
    const change = stageMoveChange(defaultStages, 'forward', stage('validate'), {}, { amount_minor: 5 }, now);
    expect(change).toEqual({
      values: {
        stage: 'validate',
        stage_entered_at: now,
        probability: stage('validate').probability,
        outcome: 'open',
      },
      lineOutcome: null,
    });
    const won = stageMoveChange(defaultStages, 'forward', stage('won'), {}, { amount_minor: 5 }, now);
    expect(won.values).toMatchObject({ stage: 'won', probability: 100, has_reached_won: 1 });
    expect(won.lineOutcome).toBeNull();
  });

  it('moves back without touching what closing and reaching won recorded', () => {
    const change = stageMoveChange(defaultStages, 'back', stage('identify'), {}, { amount_minor: 5 }, now);
    expect(change.values).not.toHaveProperty('has_reached_won');
    expect(change.values).not.toHaveProperty('closed_at');
  });

  it('closes won: freezes the rate, keeps reason and notes, closes the lines won, records the amount', () => {
    const change = stageMoveChange(
      defaultStages,
      'close',
      stage('completed'),
      { reason: 'Best fit', reasonId: 3, reasonNote: 'fit', note: 'signed', competitor: 'Globex' },
      { amount_minor: 12_345 },
      now,
    );
    expect(change).toEqual({
      values: {
        stage: 'completed',
        stage_entered_at: now,
        probability: 100,
        outcome: 'won',
        closed_at: now,
        is_rate_frozen: 1,
        close_reason: 'Best fit',
        close_reason_id: 3,
        close_reason_note: 'fit',
        close_note: 'signed',
        competitor: 'Globex',
      },
      lineOutcome: 'won',
      historyAmountMinor: 12_345,
    });
  });

  it('closes lost: the lines close lost, no competitor is written when none is given', () => {
    const change = stageMoveChange(defaultStages, 'close', stage('lost'), {}, { amount_minor: 7 }, now);
    expect(change.lineOutcome).toBe('lost');
    expect(change.values).toMatchObject({
      outcome: 'lost',
      probability: 0,
      close_reason: null,
      close_note: null,
    });
    expect(change.values).not.toHaveProperty('competitor');
    expect(change.historyAmountMinor).toBe(7);
  });

  it('reopens: clears the closing and its frozen rate, reopens the lines', () => {
    const change = stageMoveChange(
      defaultStages,
      'reopen',
      stage('won'),
      { note: 'back' },
      { amount_minor: 7 },
      now,
    );
    expect(change).toEqual({
      values: {
        stage: 'won',
        stage_entered_at: now,
        probability: 100,
        outcome: 'open',
        closed_at: null,
        closed_amount_reporting_minor: null,
        is_rate_frozen: 0,
        close_reason: null,
        close_reason_id: null,
        close_reason_note: null,
        close_note: null,
        has_reached_won: 1,
      },
      lineOutcome: 'reopen',
    });
    expect(
      stageMoveChange(defaultStages, 'reopen', stage('identify'), {}, { amount_minor: 7 }, now).values,
    ).not.toHaveProperty('has_reached_won');
  });
});
