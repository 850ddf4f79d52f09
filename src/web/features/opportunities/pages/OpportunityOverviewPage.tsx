import { Anchor, Badge, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ChangeLog } from '../../../components/ChangeLog.tsx';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { Money } from '../../../components/Money.tsx';
import { NotFoundPage } from '../../../components/NotFoundPage.tsx';
import { DetailList, RecordHeader } from '../../../components/RecordHeader.tsx';
import { SubPanel, useOpenPanels } from '../../../components/SubPanel.tsx';
import { useRecordView } from '../../../hooks/useRecordView.ts';
import { useStages } from '../../../hooks/useReferenceData.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { ActivityPanel } from '../../activities/components/ActivityPanel.tsx';
import { LineItemGrid } from '../components/LineItemGrid.tsx';
import { OpportunityContactsPanel } from '../components/OpportunityContactsPanel.tsx';
import { OpportunityDetailsForm } from '../components/OpportunityDetailsForm.tsx';
import { PassBanner } from '../components/PassBanner.tsx';
import { PassToPartner } from '../components/PassToPartner.tsx';
import { StageBadge } from '../components/StageBadge.tsx';
import { StageBar } from '../components/StageBar.tsx';
import { StageHistory } from '../components/StageHistory.tsx';
import { TeamPanel } from '../components/TeamPanel.tsx';
import { useOpportunityOverview } from '../hooks/useOpportunity.ts';

/** The opportunity overview (SPEC §8): the stage bar and the drawers of everything about the deal. */
export function OpportunityOverviewPage() {
  const id = Number(useParams().id);
  const overview = useOpportunityOverview(id);
  const stages = useStages();
  const panels = useOpenPanels(['details', 'lines', 'team']);
  const [editing, setEditing] = useState(false);
  useRecordView('opportunity', id, overview.isSuccess);
  if (overview.isLoading || stages.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading opportunity" />
      </Center>
    );
  }
  if (!overview.data || !stages.data) return <NotFoundPage />;
  const { opportunity, lineItems, team, contacts } = overview.data;
  const converted = opportunity.currency !== opportunity.reportingCurrency;
  return (
    <Stack gap="md" maw={1300}>
      <RecordHeader
        crumbs={[
          { label: 'Opportunities', to: '/opportunities' },
          { label: opportunity.clientName, to: `/clients/${opportunity.clientId}` },
        ]}
        title={opportunity.name}
        star={
          <FavoriteStar
            type="opportunity"
            id={opportunity.id}
            isFavorite={opportunity.isFavorite}
            label={`${opportunity.number} ${opportunity.name}`}
            size="md"
          />
        }
        badges={
          <Group gap={6}>
            <StageBadge label={opportunity.stageLabel} outcome={opportunity.outcome} />
            {opportunity.partnerPrivate && (
              <Badge size="sm" color="grape" variant="light">
                Partner-private
              </Badge>
            )}
            {opportunity.isStale && (
              <Badge size="sm" color="orange" variant="light">
                Stale
              </Badge>
            )}
          </Group>
        }
        subtitle={
          <>
            {opportunity.number} ·{' '}
            <Anchor component={Link} to={`/clients/${opportunity.clientId}`} size="sm">
              {opportunity.clientName}
            </Anchor>
            {opportunity.primaryContactId && (
              <>
                {' · '}
                <Anchor component={Link} to={`/contacts/${opportunity.primaryContactId}`} size="sm">
                  {opportunity.primaryContactName}
                </Anchor>
              </>
            )}
            {` · owned by ${opportunity.ownerName} (${opportunity.ownerFirmName})`}
          </>
        }
        actions={
          (opportunity.canEdit || opportunity.canPass) && (
            <Group gap="xs">
              {opportunity.canPass && <PassToPartner opportunity={opportunity} />}
              {opportunity.canEdit && (
                <Button variant="default" onClick={() => setEditing(true)}>
                  Edit details
                </Button>
              )}
            </Group>
          )
        }
      />
      <PassBanner opportunity={opportunity} />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Amount
          </Text>
          <Money fw={600} size="lg" amountMinor={opportunity.amountMinor} currency={opportunity.currency} />
          {converted && (
            <Text size="xs" c="dimmed">
              ={' '}
              <Money
                amountMinor={opportunity.amountReportingMinor}
                currency={opportunity.reportingCurrency}
              />{' '}
              at {opportunity.exchangeRate}
              {opportunity.isRateFrozen ? ' (frozen)' : ''}
            </Text>
          )}
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Weighted ({opportunity.probability}%)
          </Text>
          <Money
            fw={600}
            size="lg"
            amountMinor={opportunity.weightedAmountMinor}
            currency={opportunity.currency}
          />
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            Decision date
          </Text>
          <Text fw={600} size="lg">
            {formatDate(opportunity.decisionDate)}
          </Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            In stage since
          </Text>
          <Text fw={600} size="lg">
            {formatDate(opportunity.stageEnteredAt)}
          </Text>
        </Paper>
      </SimpleGrid>
      <StageBar overview={overview.data} stages={stages.data} />
      <SubPanel
        id="details"
        title="Details"
        isOpen={panels.isOpen('details')}
        onToggle={() => panels.toggle('details')}
      >
        <DetailList
          items={[
            { label: 'Origin', value: opportunity.origin },
            { label: 'Distributor', value: opportunity.distributorFirmName },
            { label: 'Reseller', value: opportunity.resellerFirmName },
            { label: 'Lead source', value: opportunity.leadSource },
            { label: 'Competitor', value: opportunity.competitor },
            { label: 'Next step', value: opportunity.nextStep },
            { label: 'Description', value: opportunity.description },
            ...(opportunity.isClosed
              ? [
                  { label: 'Closed', value: formatDateTime(opportunity.closedAt) },
                  {
                    label: 'Close reason',
                    value:
                      opportunity.closeReason && opportunity.closeReasonNote
                        ? `${opportunity.closeReason}: ${opportunity.closeReasonNote}`
                        : opportunity.closeReason,
                  },
                  { label: 'Close note', value: opportunity.closeNote },
                ]
              : []),
            ...(opportunity.passStatus
              ? [
                  { label: 'Passed by', value: opportunity.passedBy?.name },
                  { label: 'Pass status', value: opportunity.passStatus },
                  { label: 'Declined because', value: opportunity.passDeclineReason },
                ]
              : []),
            {
              label: 'Created',
              value: `${formatDateTime(opportunity.createdAt)} by ${opportunity.createdBy?.name ?? '—'}`,
            },
          ]}
        />
      </SubPanel>
      <SubPanel
        id="lines"
        title="Line items"
        count={lineItems.length}
        isOpen={panels.isOpen('lines')}
        onToggle={() => panels.toggle('lines')}
      >
        <LineItemGrid opportunity={opportunity} lineItems={lineItems} />
      </SubPanel>
      <SubPanel
        id="team"
        title="Sales team"
        count={team.length}
        isOpen={panels.isOpen('team')}
        onToggle={() => panels.toggle('team')}
      >
        <TeamPanel opportunity={opportunity} team={team} />
      </SubPanel>
      <SubPanel
        id="contacts"
        title="BPContacts"
        count={contacts.length}
        isOpen={panels.isOpen('contacts')}
        onToggle={() => panels.toggle('contacts')}
      >
        <OpportunityContactsPanel opportunity={opportunity} contacts={contacts} />
      </SubPanel>
      <SubPanel
        id="activities"
        title="Activities"
        isOpen={panels.isOpen('activities')}
        onToggle={() => panels.toggle('activities')}
      >
        <ActivityPanel
          entityType="opportunity"
          entityId={opportunity.id}
          kinds={['task', 'call', 'meeting']}
        />
      </SubPanel>
      <SubPanel
        id="notes"
        title="Notes"
        isOpen={panels.isOpen('notes')}
        onToggle={() => panels.toggle('notes')}
      >
        <ActivityPanel entityType="opportunity" entityId={opportunity.id} kinds={['note']} />
      </SubPanel>
      <SubPanel
        id="history"
        title="Stage history"
        isOpen={panels.isOpen('history')}
        onToggle={() => panels.toggle('history')}
      >
        {panels.isOpen('history') && (
          <StageHistory opportunityId={opportunity.id} version={opportunity.version} stages={stages.data} />
        )}
      </SubPanel>
      <SubPanel
        id="changes"
        title="Change log"
        isOpen={panels.isOpen('changes')}
        onToggle={() => panels.toggle('changes')}
      >
        {panels.isOpen('changes') && <ChangeLog path={`/opportunities/${opportunity.id}`} />}
      </SubPanel>
      {editing && <OpportunityDetailsForm opportunity={opportunity} onClose={() => setEditing(false)} />}
    </Stack>
  );
}
