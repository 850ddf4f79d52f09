import type { ClientRect } from '@dnd-kit/core';
import { describe, expect, it } from 'vitest';
import { coordinatesOver, type DropCandidate, nextDropTarget } from './board-keyboard.ts';

function rect(left: number, top: number, width: number, height: number): ClientRect {
  return { left, top, width, height, right: left + width, bottom: top + height };
}

// Three open columns side by side, then the closed column with two summaries stacked.
const columns: DropCandidate[] = [
  { id: 'identify', rect: rect(0, 100, 250, 600) },
  { id: 'validate', rect: rect(260, 100, 250, 600) },
  { id: 'qualify', rect: rect(520, 100, 250, 600) },
  { id: 'completed', rect: rect(780, 140, 220, 70) },
  { id: 'lost', rect: rect(780, 220, 220, 70) },
];

describe('moving a card with the arrow keys', () => {
  it('steps one column to the right or left', () => {
    expect(nextDropTarget('right', { x: 125, y: 200 }, columns, 'identify')?.id).toBe('validate');
    expect(nextDropTarget('left', { x: 645, y: 200 }, columns, 'qualify')?.id).toBe('validate');
  });

  it('goes nowhere past the first column', () => {
    expect(nextDropTarget('left', { x: 125, y: 200 }, columns, 'identify')).toBeNull();
  });

  it('enters the closing summaries at the one nearest the card’s height', () => {
    expect(nextDropTarget('right', { x: 645, y: 250 }, columns, 'qualify')?.id).toBe('lost');
    expect(nextDropTarget('right', { x: 645, y: 120 }, columns, 'qualify')?.id).toBe('completed');
  });

  it('moves up and down among the summaries of one column, not across columns', () => {
    expect(nextDropTarget('down', { x: 890, y: 175 }, columns, 'completed')?.id).toBe('lost');
    expect(nextDropTarget('up', { x: 890, y: 255 }, columns, 'lost')?.id).toBe('completed');
    expect(nextDropTarget('down', { x: 125, y: 200 }, columns, 'identify')).toBeNull();
  });
});

describe('where the card sits over its new target', () => {
  const card = rect(10, 300, 230, 110);

  it('keeps its height inside a tall column, centred across it', () => {
    expect(coordinatesOver(rect(260, 100, 250, 600), card)).toEqual({ x: 270, y: 300 });
  });

  it('stays inside the column when it was lower than the column reaches', () => {
    expect(coordinatesOver(rect(260, 100, 250, 300), card)).toEqual({ x: 270, y: 290 });
  });

  it('is centred on a target shorter than itself', () => {
    expect(coordinatesOver(rect(780, 140, 220, 70), card)).toEqual({ x: 775, y: 120 });
  });
});
