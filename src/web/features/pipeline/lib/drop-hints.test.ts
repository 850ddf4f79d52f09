import { describe, expect, it } from 'vitest';
import { defaultStages, findStage, type GateFacts, stageReadiness } from '../../../../core/stages.ts';
import { dropHintFor } from './drop-hints.ts';

const stage = (code: string) => {
  const found = findStage(defaultStages, code);
  if (!found) throw new Error(code);
  return found;
};

const noContactNoLines: GateFacts = {
  hasPrimaryContact: false,
  decisionDate: '2027-01-31',
  totalMinor: 0,
  lineItems: [],
  hasReachedWon: false,
};

describe('dropHintFor', () => {
  const readiness = stageReadiness(defaultStages, stage('identify'), noContactNoLines);

  it('says a gate with nothing missing may take the card', () => {
    expect(dropHintFor('identify', stage('identify'), readiness).kind).toBe('current');
    const back = stageReadiness(defaultStages, stage('validate'), {
      ...noContactNoLines,
      hasPrimaryContact: true,
    });
    expect(dropHintFor('validate', stage('identify'), back)).toMatchObject({
      kind: 'ready',
      text: 'Drop to move',
    });
  });

  it('names what each gate still needs, once each', () => {
    expect(dropHintFor('identify', stage('validate'), readiness)).toMatchObject({
      kind: 'needs',
      text: 'Needs primary BPContact',
    });
    const propose = dropHintFor('identify', stage('propose'), readiness);
    expect(propose.text).toBe('Needs primary BPContact, a priced line item, line prices and dates');
    expect(propose.spoken).toContain('a primary BPContact');
  });

  it('says it is checking while the readiness is read, and lets closings through to their dialog', () => {
    expect(dropHintFor('identify', stage('validate'), undefined).kind).toBe('checking');
    expect(dropHintFor('identify', stage('lost'), readiness).kind).toBe('close');
    expect(dropHintFor('identify', stage('completed'), readiness)).toMatchObject({
      kind: 'needs',
      text: 'Needs to have been Won',
    });
  });
});
