/**
 * The app's keyboard shortcuts: `g` then a letter goes to a screen, `n` starts a new record in a
 * list, `/` opens global search, `?` lists them all. Single keys without modifiers, as in Gmail or
 * GitHub; they never fire while the person types into a field, holds Ctrl, Alt or Cmd, or works in
 * a dialog, so they cannot steal a keystroke meant for something else.
 */

export type ShortcutAction =
  | { kind: 'go'; to: string }
  | { kind: 'new' }
  | { kind: 'search' }
  | { kind: 'help' };

export const goToShortcuts = [
  { key: 'h', to: '/', label: 'Home' },
  { key: 'c', to: '/clients', label: 'Clients' },
  { key: 'b', to: '/contacts', label: 'BPContacts' },
  { key: 'o', to: '/opportunities', label: 'Opportunities' },
  { key: 'p', to: '/pipeline', label: 'Pipeline board' },
  { key: 'r', to: '/reports', label: 'Reports' },
] as const;

/** What the `?` dialog lists, in order. */
export const shortcutHelp: { keys: string[]; does: string }[] = [
  ...goToShortcuts.map((each) => ({ keys: ['g', each.key], does: `Go to ${each.label}` })),
  { keys: ['n'], does: 'New record (in the Opportunities, Clients and BPContacts lists)' },
  { keys: ['/'], does: 'Search everything' },
  { keys: ['Ctrl', 'K'], does: 'Search everything (from anywhere, also while typing)' },
  { keys: ['Enter'], does: 'In search: open the top result (or the one chosen with the arrow keys)' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** How long after `g` the second key still counts. */
export const sequenceTimeoutMs = 1500;

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  repeat?: boolean;
  defaultPrevented?: boolean;
  target: EventTarget | null;
};

type ElementLike = {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
  closest?: (selector: string) => unknown;
};

/** A field the person types into, or anything inside a dialog or an open menu or list of options. */
export function isTypingOrDialogTarget(target: EventTarget | null): boolean {
  const element = target as ElementLike | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName.toUpperCase())) return true;
  if (element.isContentEditable) return true;
  const role = element.getAttribute?.('role');
  if (role && ['textbox', 'combobox', 'searchbox', 'listbox', 'option', 'menuitem'].includes(role))
    return true;
  return Boolean(element.closest?.('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]'));
}

/**
 * Reads key presses one at a time and answers the shortcut they complete, if any. It remembers a
 * pending `g` for `sequenceTimeoutMs`.
 */
export function createShortcutReader() {
  let pendingSince: number | null = null;
  return (press: KeyPress, now: number): ShortcutAction | null => {
    const waiting = pendingSince !== null && now - pendingSince <= sequenceTimeoutMs;
    pendingSince = null;
    if (press.ctrlKey || press.metaKey || press.altKey || press.isComposing || press.repeat) return null;
    if (press.defaultPrevented || isTypingOrDialogTarget(press.target)) return null;
    if (waiting) {
      const destination = goToShortcuts.find((each) => each.key === press.key);
      return destination ? { kind: 'go', to: destination.to } : null;
    }
    switch (press.key) {
      case 'g':
        pendingSince = now;
        return null;
      case 'n':
        return { kind: 'new' };
      case '/':
        return { kind: 'search' };
      case '?':
        return { kind: 'help' };
      default:
        return null;
    }
  };
}
