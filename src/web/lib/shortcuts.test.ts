import { describe, expect, it } from 'vitest';
import {
  createShortcutReader,
  isTypingOrDialogTarget,
  type KeyPress,
  sequenceTimeoutMs,
} from './shortcuts.ts';

const body = { tagName: 'BODY', getAttribute: () => null, closest: () => null };
const press = (key: string, changes: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: body as unknown as EventTarget,
  ...changes,
});

describe('keyboard shortcuts', () => {
  it('goes to a screen with g and a letter, pressed one after the other', () => {
    const read = createShortcutReader();
    expect(read(press('g'), 0)).toBeNull();
    expect(read(press('o'), 300)).toEqual({ kind: 'go', to: '/opportunities' });
    expect(read(press('g'), 1000)).toBeNull();
    expect(read(press('c'), 1200)).toEqual({ kind: 'go', to: '/clients' });
    expect(read(press('g'), 2000)).toBeNull();
    expect(read(press('p'), 2100)).toEqual({ kind: 'go', to: '/pipeline' });
  });

  it('forgets a g after a pause, and a g followed by an unknown letter', () => {
    const read = createShortcutReader();
    read(press('g'), 0);
    expect(read(press('o'), sequenceTimeoutMs + 1)).toBeNull();
    read(press('g'), 10_000);
    expect(read(press('x'), 10_100)).toBeNull();
    expect(read(press('o'), 10_200)).toBeNull();
  });

  it('answers n, / and ?', () => {
    const read = createShortcutReader();
    expect(read(press('n'), 0)).toEqual({ kind: 'new' });
    expect(read(press('/'), 0)).toEqual({ kind: 'search' });
    expect(read(press('?'), 0)).toEqual({ kind: 'help' });
    expect(read(press('N'), 0)).toBeNull();
  });

  it('never fires with a modifier held', () => {
    const read = createShortcutReader();
    expect(read(press('n', { ctrlKey: true }), 0)).toBeNull();
    expect(read(press('n', { metaKey: true }), 0)).toBeNull();
    expect(read(press('n', { altKey: true }), 0)).toBeNull();
    read(press('g'), 0);
    expect(read(press('o', { ctrlKey: true }), 10)).toBeNull();
  });

  it('never fires while typing into a field or working in a dialog', () => {
    const read = createShortcutReader();
    const input = { tagName: 'INPUT', getAttribute: () => null, closest: () => null };
    const editable = {
      tagName: 'DIV',
      isContentEditable: true,
      getAttribute: () => null,
      closest: () => null,
    };
    const inDialog = { tagName: 'BUTTON', getAttribute: () => null, closest: () => ({}) };
    for (const target of [input, editable, inDialog]) {
      expect(isTypingOrDialogTarget(target as unknown as EventTarget)).toBe(true);
      expect(read(press('n', { target: target as unknown as EventTarget }), 0)).toBeNull();
    }
    expect(isTypingOrDialogTarget(body as unknown as EventTarget)).toBe(false);
  });
});
