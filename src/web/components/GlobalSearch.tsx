import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { searchResultSchema } from '../../core/contract/search.ts';
import { api } from '../api/client.ts';

const pathOf = { client: '/clients', contact: '/contacts', opportunity: '/opportunities' } as const;
const groupOf = { client: 'Clients', contact: 'BPContacts', opportunity: 'Opportunities' } as const;

/** Global search on Ctrl/Cmd-K across clients, contacts and opportunities (SPEC §8). */
export function GlobalSearch() {
  const navigate = useNavigate();
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
              <Spotlight.Action
                key={`${hit.type}-${hit.id}`}
                label={hit.title}
                description={hit.subtitle ?? undefined}
                onClick={() => navigate(`${pathOf[hit.type]}/${hit.id}`)}
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
