import { AppShell, Avatar, Box, Group, Kbd, Menu, Text, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { roleLabels } from '../../core/roles.ts';
import { useMe, useSignOut } from '../features/auth/hooks/useSession.ts';
import classes from './AppLayout.module.css';
import { GlobalSearch } from './GlobalSearch.tsx';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .slice(0, 2)
    .join('')
    .toUpperCase();
}

/** The signed-in frame: top navigation, global search (Ctrl/Cmd-K), the user menu, and the current screen. */
export function AppLayout() {
  const { data: me } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me) return null;
  const navigation = [
    { to: '/', label: 'Home', end: true },
    { to: '/clients', label: 'Clients', end: false },
    { to: '/contacts', label: 'BPContacts', end: false },
    { to: '/opportunities', label: 'Opportunities', end: false },
    { to: '/pipeline', label: 'Pipeline', end: false },
    { to: '/reports', label: 'Reports', end: false },
    ...(me.role === 'admin' ? [{ to: '/admin', label: 'Admin', end: false }] : []),
  ];
  return (
    <AppShell header={{ height: 52 }} padding="md">
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text component="span" fw={700} c="blue.8" size="lg">
              Partnerline
            </Text>
            <nav aria-label="Main">
              <Group gap={2} wrap="nowrap">
                {navigation.map((item) => (
                  <NavLink key={item.to} to={item.to} end={item.end} className={classes.link}>
                    {item.label}
                  </NavLink>
                ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <UnstyledButton
              className={classes.search}
              onClick={() => spotlight.open()}
              aria-label="Search everything (Ctrl+K)"
            >
              <Text size="sm" c="dimmed" component="span">
                Search…
              </Text>
              <Kbd size="xs">Ctrl K</Kbd>
            </UnstyledButton>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu for ${me.name}`} className={classes.user}>
                  <Group gap="xs" wrap="nowrap">
                    <Avatar size="sm" color="blue" radius="xl">
                      {initials(me.name)}
                    </Avatar>
                    {/* Below 1200 px the avatar alone keeps the header on one line; the button's label names the user. */}
                    <Box visibleFrom="lg">
                      <Text size="sm" fw={500} lh={1.2}>
                        {me.name}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {roleLabels[me.role]} · {me.firm.name}
                      </Text>
                    </Box>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => navigate('/settings/defaults')}>Set opportunity defaults</Menu.Item>
                <Menu.Item onClick={() => navigate('/settings/tokens')}>API tokens</Menu.Item>
                <Menu.Item onClick={() => navigate('/import')}>Import from CSV</Menu.Item>
                <Menu.Item component="a" href="/api/docs">
                  API reference
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  color="red"
                  onClick={() =>
                    signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })
                  }
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <GlobalSearch />
    </AppShell>
  );
}
