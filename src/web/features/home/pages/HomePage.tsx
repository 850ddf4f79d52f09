import { Anchor, Badge, Card, Group, List, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type FavoriteType, favoriteListSchema } from '../../../../core/contract/favorites.ts';
import { roleLabels } from '../../../../core/roles.ts';
import { api } from '../../../api/client.ts';
import { useMe } from '../../auth/hooks/useSession.ts';

const pathOf: Record<FavoriteType, string> = {
  client: '/clients',
  contact: '/contacts',
  opportunity: '/opportunities',
};

export function HomePage() {
  const { data: me } = useMe();
  const favorites = useQuery({
    queryKey: ['favorites'],
    queryFn: () => api.get('/favorites', favoriteListSchema),
  });
  if (!me) return null;
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1} size="h2">
          Good to see you, {me.name.split(' ')[0]}
        </Title>
        <Text c="dimmed">
          {roleLabels[me.role]} at {me.firm.name}
          {me.firm.kind === 'partner' &&
            !me.firm.isEligible &&
            ' · your firm is not eligible to create opportunities'}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder component="section" aria-labelledby="favorites-heading">
          <Title order={2} size="h4" id="favorites-heading" mb="sm">
            Favorites
          </Title>
          {favorites.isLoading && <Loader size="sm" aria-label="Loading favorites" />}
          {favorites.data && favorites.data.items.length === 0 && (
            <Text c="dimmed" size="sm">
              Star clients and contacts to keep them here.
            </Text>
          )}
          <List listStyleType="none" spacing={6}>
            {favorites.data?.items.map((favorite) => (
              <List.Item key={`${favorite.type}-${favorite.id}`}>
                <Group gap="xs" wrap="nowrap">
                  <Badge variant="light" size="sm" w={90}>
                    {favorite.type}
                  </Badge>
                  <Anchor component={Link} to={`${pathOf[favorite.type]}/${favorite.id}`} size="sm">
                    {favorite.title}
                  </Anchor>
                  {favorite.subtitle && (
                    <Text size="xs" c="dimmed" truncate>
                      {favorite.subtitle}
                    </Text>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        </Card>
        <Card withBorder component="section" aria-labelledby="firm-heading">
          <Title order={2} size="h4" id="firm-heading" mb="sm">
            Your firm
          </Title>
          <Text fw={500}>{me.firm.name}</Text>
          <Text size="sm" c="dimmed">
            {me.firm.kind === 'vendor'
              ? 'Vendor'
              : me.firm.isDistributor
                ? 'Distributor'
                : 'Business partner'}
            {me.firm.kind === 'partner' && (me.firm.isEligible ? ' · eligible' : ' · not eligible')}
          </Text>
          <Text size="sm" mt="sm">
            Totals are shown in {me.reportingCurrency}.
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
