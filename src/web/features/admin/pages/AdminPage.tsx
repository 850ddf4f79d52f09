import { Alert, Anchor, Center, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { type ComponentType, lazy, Suspense } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useMe } from '../../auth/hooks/useSession.ts';

/** Each tab is its own chunk, loaded when first opened. */
function tab<const Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const tabs = [
  {
    value: 'users',
    label: 'Users',
    Page: tab(() => import('./AdminUsersPage.tsx'), 'AdminUsersPage'),
  },
  {
    value: 'firms',
    label: 'Firms',
    Page: tab(() => import('./AdminFirmsPage.tsx'), 'AdminFirmsPage'),
  },
  {
    value: 'stages',
    label: 'Stage catalog',
    Page: tab(() => import('./AdminStagesPage.tsx'), 'AdminStagesPage'),
  },
  {
    value: 'close-reasons',
    label: 'Close reasons',
    Page: tab(() => import('./AdminCloseReasonsPage.tsx'), 'AdminCloseReasonsPage'),
  },
  {
    value: 'products',
    label: 'Product catalog',
    Page: tab(() => import('./AdminProductsPage.tsx'), 'AdminProductsPage'),
  },
  {
    value: 'currencies',
    label: 'Currencies and rates',
    Page: tab(() => import('./AdminCurrenciesPage.tsx'), 'AdminCurrenciesPage'),
  },
] as const;

/**
 * SPEC §8 "Admin": users and firms, stage catalog, product catalog, currencies and rates. Every tab
 * is its own address (/admin/users…), so a reload or a shared link opens the same tab.
 */
export function AdminPage() {
  const { data: me } = useMe();
  const { tab: current } = useParams();
  const navigate = useNavigate();
  if (!me) return null;
  if (me.role !== 'admin') {
    return (
      <Stack gap="sm" maw={720}>
        <Title order={1} size="h2">
          Administration
        </Title>
        <Alert color="yellow" title="Only administrators can open this page" role="alert">
          <Text size="sm">
            Users, firms, the stage and product catalogs and exchange rates are maintained by the
            administrators of this installation. Ask one of them if something there needs to change.
          </Text>
          <Anchor component={Link} to="/" size="sm" mt="xs" display="inline-block">
            Back to home
          </Anchor>
        </Alert>
      </Stack>
    );
  }
  const active = tabs.find((candidate) => candidate.value === current);
  if (!active) return <Navigate to="/admin/users" replace />;
  const { Page } = active;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Administration
      </Title>
      <Tabs
        value={active.value}
        onChange={(value) => value && navigate(`/admin/${value}`)}
        keepMounted={false}
      >
        <Tabs.List aria-label="Administration sections">
          {tabs.map((each) => (
            <Tabs.Tab key={each.value} value={each.value}>
              {each.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active.value} pt="md">
          <Suspense
            fallback={
              <Center p="xl">
                <Loader aria-label={`Loading ${active.label.toLowerCase()}`} />
              </Center>
            }
          >
            <Page />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
