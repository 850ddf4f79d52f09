import { Anchor, Loader, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { RecordType } from '../../../../core/contract/common.ts';
import { formatRelative } from '../../../lib/format.ts';
import { useFavorites, useRecentViews } from '../hooks/useHome.ts';
import { EmptyHint } from './EmptyHint.tsx';
import { HomeSection } from './HomeSection.tsx';

const pathOf: Record<RecordType, string> = {
  client: '/clients',
  contact: '/contacts',
  opportunity: '/opportunities',
};

const typeLabels: Record<RecordType, string> = {
  client: 'Client',
  contact: 'BPContact',
  opportunity: 'Opportunity',
};

const typeColors: Record<RecordType, string> = { client: 'teal', contact: 'grape', opportunity: 'blue' };

type Shortcut = { type: RecordType; id: number; title: string; subtitle: string | null; note?: string };

function ShortcutList({ items, label }: { items: Shortcut[]; label: string }) {
  return (
    <Stack gap={8} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {items.map((item) => (
        <li key={`${item.type}-${item.id}`}>
          <Anchor
            component={Link}
            to={`${pathOf[item.type]}/${item.id}`}
            size="sm"
            truncate="end"
            display="block"
          >
            {item.title}
          </Anchor>
          <Text size="xs" c="dimmed" truncate>
            <Text span inherit c={`${typeColors[item.type]}.8`} fw={500}>
              {typeLabels[item.type]}
            </Text>
            {[item.subtitle, item.note]
              .filter(Boolean)
              .map((part) => ` · ${part}`)
              .join('')}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

const shownFavorites = 8;

/** SPEC §8 Home: the starred clients, contacts and opportunities. */
export function FavoriteShortcuts() {
  const favorites = useFavorites();
  const items = favorites.data?.items ?? [];
  return (
    <HomeSection
      id="favorites"
      title="Favorites"
      count={favorites.data ? items.length : undefined}
      actions={
        items.length > shownFavorites && (
          <Anchor component={Link} to="/opportunities?favorites=true" size="sm">
            Favorite opportunities
          </Anchor>
        )
      }
    >
      {favorites.isLoading ? (
        <Loader size="sm" aria-label="Loading favorites" />
      ) : items.length === 0 ? (
        <EmptyHint>
          Nothing starred yet. Click the star next to a client, BPContact or opportunity to keep it here.
        </EmptyHint>
      ) : (
        <ShortcutList items={items.slice(0, shownFavorites)} label="Favorites" />
      )}
    </HomeSection>
  );
}

/** SPEC §8 Home: the records opened last, newest first. */
export function RecentShortcuts() {
  const recent = useRecentViews();
  const items = recent.data?.items ?? [];
  return (
    <HomeSection id="recent" title="Recently viewed">
      {recent.isLoading ? (
        <Loader size="sm" aria-label="Loading recently viewed records" />
      ) : items.length === 0 ? (
        <EmptyHint>Clients, BPContacts and opportunities you open appear here, newest first.</EmptyHint>
      ) : (
        <ShortcutList
          items={items.map((item) => ({ ...item, note: formatRelative(item.viewedAt) }))}
          label="Recently viewed"
        />
      )}
    </HomeSection>
  );
}
