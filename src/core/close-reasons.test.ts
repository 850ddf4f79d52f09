import { describe, expect, it } from 'vitest';
import { type CloseReasonDefinition, reasonsForStage, resolveCloseReason } from './close-reasons.ts';

const reasons: CloseReasonDefinition[] = [
  { id: 1, label: 'No budget', stages: ['client-declined'], order: 2, isActive: true, isOther: false },
  {
    id: 2,
    label: 'Project cancelled',
    stages: ['client-declined'],
    order: 1,
    isActive: true,
    isOther: false,
  },
  { id: 3, label: 'Price', stages: ['lost'], order: 1, isActive: true, isOther: false },
  { id: 4, label: 'Retired', stages: ['client-declined'], order: 3, isActive: false, isOther: false },
  { id: 9, label: 'Other', stages: [], order: 99, isActive: true, isOther: true },
];

describe('close reasons', () => {
  it('lists the active reasons of a stage in order, Other last', () => {
    expect(reasonsForStage(reasons, 'client-declined').map((reason) => reason.id)).toEqual([2, 1, 9]);
    expect(reasonsForStage(reasons, 'completed').map((reason) => reason.id)).toEqual([9]);
  });

  it('takes a reason of the stage by id', () => {
    expect(resolveCloseReason(reasons, 'client-declined', { reasonId: 1 })).toEqual({
      ok: true,
      reason: { id: 1, label: 'No budget', note: null },
    });
  });

  it('refuses a reason of another stage, an inactive one and an unknown one, naming reasonId', () => {
    expect(resolveCloseReason(reasons, 'client-declined', { reasonId: 3 })).toMatchObject({
      ok: false,
      field: 'reasonId',
    });
    expect(resolveCloseReason(reasons, 'client-declined', { reasonId: 4 })).toMatchObject({
      ok: false,
      field: 'reasonId',
    });
    expect(resolveCloseReason(reasons, 'client-declined', { reasonId: 77 })).toMatchObject({
      ok: false,
      field: 'reasonId',
    });
  });

  it('needs a note with Other', () => {
    expect(resolveCloseReason(reasons, 'lost', { reasonId: 9 })).toMatchObject({
      ok: false,
      field: 'reasonNote',
    });
    expect(resolveCloseReason(reasons, 'lost', { reasonId: 9, reasonNote: ' Merger ' })).toEqual({
      ok: true,
      reason: { id: 9, label: 'Other', note: 'Merger' },
    });
  });

  it('maps a text reason to the label it matches, and anything else to Other with the text as note', () => {
    expect(resolveCloseReason(reasons, 'client-declined', { reason: '  no   BUDGET ' })).toEqual({
      ok: true,
      reason: { id: 1, label: 'No budget', note: null },
    });
    expect(resolveCloseReason(reasons, 'client-declined', { reason: 'Price' })).toEqual({
      ok: true,
      reason: { id: 9, label: 'Other', note: 'Price' },
    });
  });

  it('refuses a text reason that contradicts reasonId, and a note without a reason', () => {
    expect(resolveCloseReason(reasons, 'lost', { reasonId: 3, reason: 'Budget' })).toMatchObject({
      ok: false,
      field: 'reason',
    });
    expect(resolveCloseReason(reasons, 'lost', { reasonId: 3, reason: 'price' })).toMatchObject({ ok: true });
    expect(resolveCloseReason(reasons, 'lost', { reasonNote: 'why' })).toMatchObject({
      ok: false,
      field: 'reasonNote',
    });
    expect(resolveCloseReason(reasons, 'lost', {})).toEqual({ ok: true, reason: null });
  });
});
