import {
  ActionIcon,
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Divider,
  Drawer,
  Group,
  Kbd,
  Menu,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Fragment, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { mayOwnOpportunities, roleLabels } from '../../core/roles.ts';
import { useMe, useSignOut } from '../features/auth/hooks/useSession.ts';
import { allOpportunitiesView, myOpenOpportunitiesView } from '../features/opportunities/lib/views.ts';
import classes from './AppLayout.module.css';
import { GlobalSearch, searchSpotlight } from './GlobalSearch.tsx';
import { KeyboardShortcuts, useShortcutHelp } from './KeyboardShortcuts.tsx';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .slice(0, 2)
    .join('')
    .toUpperCase();
}

/** What the account menu (and, on a phone, the navigation drawer) offers besides signing out. */
const accountLinks = [
  { to: '/settings/defaults', label: 'Set opportunity defaults' },
  { to: '/settings/tokens', label: 'API tokens' },
  { to: '/import', label: 'Import from CSV' },
];

/**
 * SPEC §7: the Opportunities menu holds the opportunity defaults ("Opportunities menu → Set
 * defaults"), beside the list's named views and a new opportunity.
 */
function opportunityMenuLinks(me: { role: Parameters<typeof mayOwnOpportunities>[0] }) {
  return [
    ...(mayOwnOpportunities(me.role)
      ? [{ to: `/opportunities?${myOpenOpportunitiesView}`, label: 'My open opportunities' }]
      : []),
    { to: `/opportunities?${allOpportunitiesView}`, label: 'All opportunities' },
    { to: '/pipeline', label: 'Pipeline board' },
    { to: '/settings/defaults', label: 'Set opportunity defaults' },
  ];
}

function ChevronIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d="m6 9 6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

function ShortcutsMenuItem() {
  const openHelp = useShortcutHelp();
  return (
    <Menu.Item onClick={openHelp} rightSection={<Kbd size="xs">?</Kbd>}>
      Keyboard shortcuts
    </Menu.Item>
  );
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/**
 * The signed-in frame: the navigation, global search (Ctrl/Cmd-K), the user menu, and the current
 * screen. From 992 px (Mantine's `md`) the navigation runs along the top; below, a menu button opens
 * it in a drawer with every destination, the account's pages and signing out, so a phone reaches
 * everything with the thumb (targets of 44 px) or the keyboard (the drawer traps the focus, Escape
 * closes it and gives the focus back to the menu button).
 */
export function AppLayout() {
  const { data: me } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const [drawerOpened, drawer] = useDisclosure(false);
  // A destination chosen in the drawer (or a link on the page behind it) closes the drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect runs on every change of address
  useEffect(() => {
    drawer.close();
  }, [location.pathname, location.search, drawer.close]);
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
  const opportunityLinks = opportunityMenuLinks(me);
  const signOutNow = () =>
    signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) });
  return (
    <KeyboardShortcuts>
      <AppShell header={{ height: { base: 56, md: 52 } }} padding="md">
        <AppShell.Header className={classes.header}>
          <Group h="100%" px={{ base: 'xs', md: 'md' }} justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              <Group gap={4} wrap="nowrap">
                <Burger
                  opened={drawerOpened}
                  onClick={drawer.toggle}
                  hiddenFrom="md"
                  size="sm"
                  className={classes.burger}
                  aria-label={drawerOpened ? 'Close navigation' : 'Open navigation'}
                  aria-expanded={drawerOpened}
                  aria-controls="app-navigation-drawer"
                />
                <Text component="span" fw={700} c="blue.8" size="lg">
                  Partnerline
                </Text>
              </Group>
              <Box component="nav" aria-label="Main" visibleFrom="md">
                <Group gap={2} wrap="nowrap">
                  {navigation.map((item) =>
                    item.to === '/opportunities' ? (
                      <Group key={item.to} gap={0} wrap="nowrap">
                        <NavLink to={item.to} end={item.end} className={classes.link}>
                          {item.label}
                        </NavLink>
                        <Menu position="bottom-start" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size={40}
                              aria-label="Opportunities menu"
                              className={classes.menuChevron}
                            >
                              <ChevronIcon />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {opportunityLinks.map((link) => (
                              <Menu.Item key={link.to} component={Link} to={link.to}>
                                {link.label}
                              </Menu.Item>
                            ))}
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    ) : (
                      <NavLink key={item.to} to={item.to} end={item.end} className={classes.link}>
                        {item.label}
                      </NavLink>
                    ),
                  )}
                </Group>
              </Box>
            </Group>
            <Group gap="sm" wrap="nowrap">
              {/* Its name is what it shows ("Search… Ctrl K"), so a person who speaks to the computer can say it. */}
              <UnstyledButton
                className={classes.search}
                onClick={() => searchSpotlight.open()}
                aria-keyshortcuts="Control+K Meta+K"
                visibleFrom="md"
              >
                <Text size="sm" c="dimmed" component="span">
                  Search…
                </Text>{' '}
                <Kbd size="xs">Ctrl K</Kbd>
              </UnstyledButton>
              <ActionIcon
                variant="subtle"
                color="gray"
                size={44}
                hiddenFrom="md"
                onClick={() => searchSpotlight.open()}
                aria-label="Search everything"
              >
                <SearchIcon />
              </ActionIcon>
              <Box visibleFrom="md">
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    {/*
                     * The name holds all the button shows (the initials, the name, the role and firm)
                     * after what it is; the spaces between the parts (not drawn) keep their words apart.
                     */}
                    <UnstyledButton
                      aria-label={`Account menu: ${initials(me.name)} ${me.name}, ${roleLabels[me.role]} · ${me.firm.name}`}
                      className={classes.user}
                    >
                      <Group gap="xs" wrap="nowrap">
                        <Avatar size="sm" color="blue" radius="xl">
                          {initials(me.name)}
                        </Avatar>{' '}
                        {/* Below 1200 px the navigation needs the room; the avatar and the button's name remain. */}
                        <Box visibleFrom="lg">
                          <Text size="sm" fw={500} lh={1.2}>
                            {me.name}
                          </Text>{' '}
                          <Text size="xs" c="dimmed" lh={1.2}>
                            {roleLabels[me.role]} · {me.firm.name}
                          </Text>
                        </Box>
                      </Group>
                    </UnstyledButton>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {accountLinks.map((item) => (
                      <Menu.Item key={item.to} component={Link} to={item.to}>
                        {item.label}
                      </Menu.Item>
                    ))}
                    <Menu.Item component="a" href="/api/docs">
                      API reference
                    </Menu.Item>
                    <ShortcutsMenuItem />
                    <Menu.Divider />
                    <Menu.Item color="red" onClick={signOutNow}>
                      Sign out
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Box>
            </Group>
          </Group>
        </AppShell.Header>
        <Drawer
          id="app-navigation-drawer"
          opened={drawerOpened}
          onClose={drawer.close}
          hiddenFrom="md"
          size={300}
          padding="md"
          title={
            <Text component="span" fw={700} c="blue.8" size="lg">
              Partnerline
            </Text>
          }
          closeButtonProps={{ 'aria-label': 'Close navigation', size: 'xl' }}
        >
          <nav aria-label="Main">
            <Stack gap={2}>
              {navigation.map((item) => (
                <Fragment key={item.to}>
                  <NavLink to={item.to} end={item.end} className={classes.drawerLink}>
                    {item.label}
                  </NavLink>
                  {item.to === '/opportunities' && (
                    <Stack
                      gap={2}
                      pl="md"
                      component="ul"
                      aria-label="Opportunities menu"
                      className={classes.subList}
                    >
                      {opportunityLinks.map((link) => (
                        <li key={link.to}>
                          <Link to={link.to} className={classes.drawerSubLink}>
                            {link.label}
                          </Link>
                        </li>
                      ))}
                    </Stack>
                  )}
                </Fragment>
              ))}
            </Stack>
          </nav>
          <Divider my="md" />
          <Stack gap={2} component="section" aria-label="Your account">
            <Group gap="sm" wrap="nowrap" px="sm" pb="xs">
              <Avatar size="md" color="blue" radius="xl">
                {initials(me.name)}
              </Avatar>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate>
                  {me.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {roleLabels[me.role]} · {me.firm.name}
                </Text>
              </div>
            </Group>
            {accountLinks.map((item) => (
              <NavLink key={item.to} to={item.to} className={classes.drawerLink}>
                {item.label}
              </NavLink>
            ))}
            <a href="/api/docs" className={classes.drawerLink}>
              API reference
            </a>
            <Button variant="light" color="red" size="md" mt="sm" fullWidth onClick={signOutNow}>
              Sign out
            </Button>
          </Stack>
        </Drawer>
        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
        <GlobalSearch />
      </AppShell>
    </KeyboardShortcuts>
  );
}
