import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import {
  createContext,
  Fragment,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate } from 'react-router';
import { createShortcutReader, shortcutHelp } from '../lib/shortcuts.ts';
import { searchSpotlight } from './GlobalSearch.tsx';

type ShortcutContextValue = {
  /** Makes `n` start this (a list's "New …"); answers the function that takes it back. */
  registerNew: (handler: () => void) => () => void;
  openHelp: () => void;
};

const ShortcutContext = createContext<ShortcutContextValue | null>(null);

/** A list screen offers its "New …" on the `n` key while it is shown (nothing when `handler` is undefined). */
export function useNewShortcut(handler: (() => void) | undefined): void {
  const context = useContext(ShortcutContext);
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const isOn = handler !== undefined;
  useEffect(() => {
    if (!context || !isOn) return;
    return context.registerNew(() => handlerRef.current?.());
  }, [context, isOn]);
}

export function useShortcutHelp(): () => void {
  return useContext(ShortcutContext)?.openHelp ?? (() => {});
}

/**
 * Listens for the app's shortcuts (see src/web/lib/shortcuts.ts) and shows the `?` dialog listing
 * them. Wraps the signed-in frame.
 */
export function KeyboardShortcuts({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [isHelpOpen, setHelpOpen] = useState(false);
  const newHandler = useRef<(() => void) | null>(null);
  const registerNew = useCallback((handler: () => void) => {
    newHandler.current = handler;
    return () => {
      if (newHandler.current === handler) newHandler.current = null;
    };
  }, []);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useEffect(() => {
    const read = createShortcutReader();
    const onKeyDown = (event: KeyboardEvent) => {
      const action = read(event, Date.now());
      if (!action) return;
      switch (action.kind) {
        case 'go':
          event.preventDefault();
          navigate(action.to);
          break;
        case 'new':
          if (newHandler.current) {
            event.preventDefault();
            newHandler.current();
          }
          break;
        case 'search':
          event.preventDefault();
          searchSpotlight.open();
          break;
        case 'help':
          event.preventDefault();
          setHelpOpen(true);
          break;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navigate]);
  const value = useMemo(() => ({ registerNew, openHelp }), [registerNew, openHelp]);
  return (
    <ShortcutContext.Provider value={value}>
      {children}
      <Modal opened={isHelpOpen} onClose={() => setHelpOpen(false)} title="Keyboard shortcuts" size="lg">
        <Text size="sm" c="dimmed" mb="sm">
          Press the keys one after the other. They do nothing while you type in a field.
        </Text>
        <Table verticalSpacing={6} aria-label="Keyboard shortcuts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Keys</Table.Th>
              <Table.Th scope="col">What they do</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shortcutHelp.map((shortcut) => (
              <Table.Tr key={shortcut.does}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    {shortcut.keys.map((key, index) => (
                      <Fragment key={key}>
                        {index > 0 && (
                          <Text span size="xs" c="dimmed">
                            {shortcut.keys[0] === 'Ctrl' ? '+' : 'then'}
                          </Text>
                        )}
                        <Kbd size="sm">{key}</Kbd>
                      </Fragment>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{shortcut.does}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </ShortcutContext.Provider>
  );
}
