import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { createSpotlight, Spotlight, type SpotlightActionProps } from '@mantine/spotlight';
import { useQuery } from '@tanstack/react-query';
import { type ComponentType, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { searchResultSchema } from '../../core/contract/search.ts';
import { api } from '../api/client.ts';

const pathOf = { client: '/clients', contact: '/contacts', opportunity: '/opportunities' } as const;
const groupOf = { client: 'Clients', contact: 'BPContacts', opportunity: 'Opportunities' } as const;

/**
 * A result is a link to the record's overview (React Router's `Link` as the action's element), so it
 * can be opened in a new tab or copied, and Enter or a plain click still opens it in the app.
 * Mantine renders the action with a polymorphic button; its types do not say so.
 */
const LinkAction = Spotlight.Action as ComponentType<
  SpotlightActionProps & { component: typeof Link; to: string }
>;

/** The search's own store, so it can highlight the top result when results arrive (see below). */
const [searchStore, searchSpotlight] = createSpotlight();

export { searchSpotlight };

/** Highlights a result as the arrow keys do, or none (-1): Enter opens the highlighted one. */
function highlightResult(index: number): void {
  const { listId } = searchStore.getState();
  const actions = listId ? document.querySelectorAll(`#${CSS.escape(listId)} [data-action]`) : [];
  for (const action of actions) action.removeAttribute('data-selected');
  const chosen = index >= 0 ? actions[index] : undefined;
  chosen?.setAttribute('data-selected', 'true');
  searchStore.updateState((state) => ({ ...state, selected: chosen ? index : -1 }));
}

/**
 * Global search on Ctrl/Cmd-K across clients, contacts and opportunities (SPEC §8). Enter opens the
 * top result (the first one listed, highlighted), or the one chosen with the arrow keys; pressed
 * before the results for what was typed have arrived, it opens the top one when they do, never a
 * result of the earlier, shorter text.
 */
export function GlobalSearch() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  /** The text Enter was pressed for while its results were still on their way. */
  const [pendingEnter, setPendingEnter] = useState<string | null>(null);
  /** The person chose a result with the arrow keys: Enter opens that one. */
  const hasChosen = useRef(false);
  useHotkeys([['mod+K', () => searchSpotlight.open()]]);
  const results = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) =>
      api.get('/search', searchResultSchema, { query: { q: debounced, limit: 6 }, signal }),
    enabled: debounced.length > 0,
    staleTime: 10_000,
  });
  const groups = (['client', 'contact', 'opportunity'] as const)
    .map((type) => ({ type, hits: results.data?.items.filter((hit) => hit.type === type) ?? [] }))
    .filter((group) => group.hits.length > 0);
  const topHit = groups[0]?.hits[0];
  const isCurrent = debounced === query.trim() && results.isSuccess && !results.isFetching;
  const open = (hit: NonNullable<typeof topHit>) => {
    searchSpotlight.close();
    navigate(`${pathOf[hit.type]}/${hit.id}`);
  };
  // The results for the typed text arrived: the first is highlighted (Enter opens it), or opened
  // at once when Enter was already pressed for this text.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a new set of results is shown
  useEffect(() => {
    if (!isCurrent) return;
    if (pendingEnter !== null && pendingEnter === debounced) {
      setPendingEnter(null);
      if (topHit) open(topHit);
      return;
    }
    if (!hasChosen.current) highlightResult(0);
  }, [isCurrent, results.data, debounced]);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      hasChosen.current = true;
      return;
    }
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    const text = query.trim();
    if (text === '') return;
    if (hasChosen.current && isCurrent) return; // Mantine opens the chosen result.
    // Nothing from the earlier text may open: take the highlight away before Mantine reads it.
    highlightResult(-1);
    if (isCurrent) {
      if (topHit) open(topHit);
    } else {
      setPendingEnter(text);
    }
  };
  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={(next) => {
        setQuery(next);
        hasChosen.current = false;
        setPendingEnter(null);
      }}
      onSpotlightClose={() => setPendingEnter(null)}
      shortcut={null}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder="Search clients, BPContacts and opportunities…"
        aria-label="Search everything"
        onKeyDown={onKeyDown}
      />
      <Spotlight.ActionsList>
        {groups.map((group) => (
          <Spotlight.ActionsGroup key={group.type} label={groupOf[group.type]}>
            {group.hits.map((hit) => (
              <LinkAction
                key={`${hit.type}-${hit.id}`}
                component={Link}
                to={`${pathOf[hit.type]}/${hit.id}`}
                label={hit.title}
                description={hit.subtitle ?? undefined}
              />
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {debounced && results.isSuccess && groups.length === 0 && (
          <Spotlight.Empty>Nothing found for “{debounced}”</Spotlight.Empty>
        )}
        {!debounced && <Spotlight.Empty>Type a name, a number or an email</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
