import {
  Alert,
  Button,
  Center,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import { roleLabels } from '../../../../core/roles.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { DecisionsDue } from '../components/DecisionsDue.tsx';
import { HomeSection } from '../components/HomeSection.tsx';
import { NotificationList } from '../components/NotificationList.tsx';
import { PassedInbox } from '../components/PassedInbox.tsx';
import { PipelineSummary } from '../components/PipelineSummary.tsx';
import { FavoriteShortcuts, RecentShortcuts } from '../components/RecordShortcuts.tsx';
import { StaleOpportunities } from '../components/StaleOpportunities.tsx';
import { canChooseHomeScope, type HomeScope, useHome, useHomeScope } from '../hooks/useHome.ts';

/**
 * SPEC §8 Home: my open pipeline by stage, decisions due this quarter, stale opportunities, the
 * passed inbox (managers), notifications, favorites and recently viewed. Plain Mantine elements
 * only: this is the landing screen, so it stays light (no chart library).
 */
export function HomePage() {
  const { data: me } = useMe();
  const [scope, setScope] = useHomeScope(me?.role ?? 'seller');
  const home = useHome(scope);
  if (!me) return null;
  const canCreate =
    me.role === 'vendor-rep' || ((me.role === 'seller' || me.role === 'manager') && me.firm.isEligible);
  return (
    <Stack gap="md" maw={1400}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
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
        <Group gap="sm">
          {canChooseHomeScope(me.role) && (
            <SegmentedControl
              size="xs"
              aria-label="Whose opportunities Home shows"
              value={scope}
              onChange={(value) => setScope(value as HomeScope)}
              data={[
                { value: 'mine', label: 'Mine' },
                { value: 'visible', label: 'Everything I can see' },
              ]}
            />
          )}
          <Button component={Link} to="/pipeline" variant="default" size="xs">
            Pipeline board
          </Button>
          {canCreate && (
            <Button component={Link} to="/opportunities/new" size="xs">
              New opportunity
            </Button>
          )}
        </Group>
      </Group>
      {home.isError && (
        <Alert color="red" title="Home could not be loaded" role="alert">
          {home.error.message}{' '}
          <Button size="compact-xs" variant="subtle" onClick={() => void home.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      {/* On a phone the short lists (notifications, favorites, recently viewed) come first: the quickest way back to a deal. */}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="md">
            {home.data?.passedInbox && (
              <PassedInbox firmId={me.firm.id} firmName={me.firm.name} count={home.data.passedInbox.count} />
            )}
            <HomeSection
              id="pipeline"
              title={scope === 'mine' ? 'My open pipeline' : 'Open pipeline I can see'}
              actions={
                <Text size="xs" c="dimmed">
                  in {home.data?.currency ?? me.reportingCurrency}
                </Text>
              }
            >
              {home.data ? (
                <PipelineSummary
                  pipeline={home.data.pipeline}
                  currency={home.data.currency}
                  scope={scope}
                  canCreate={canCreate}
                />
              ) : (
                <Center h={120}>
                  <Loader size="sm" aria-label="Loading the pipeline" />
                </Center>
              )}
            </HomeSection>
            {home.data && <DecisionsDue due={home.data.decisionsDue} scope={scope} />}
            {home.data && <StaleOpportunities stale={home.data.stale} scope={scope} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <NotificationList />
            <FavoriteShortcuts />
            <RecentShortcuts />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
