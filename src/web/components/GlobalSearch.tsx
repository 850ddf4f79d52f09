import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { Spotlight, type SpotlightActionProps, spotlight } from '@mantine/spotlight';
import { useQuery } from '@tanstack/react-query';
import { type ComponentType, useState } from 'react';
import { Link } from 'react-router';
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

/** Global search on Ctrl/Cmd-K across clients, contacts and opportunities (SPEC §8). */
export function GlobalSearch() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);
  useHotkeys([['mod+K', () => spotlight.open()]]);
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
  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={null} scrollable maxHeight={480}>
      <Spotlight.Search
        placeholder="Search clients, BPContacts and opportunities…"
        aria-label="Search everything"
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
