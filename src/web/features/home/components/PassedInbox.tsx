import { Anchor, Divider, Group, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { Money } from '../../../components/Money.tsx';
import { formatRelative } from '../../../lib/format.ts';
import { PassDecision } from '../../opportunities/components/PassDecision.tsx';
import { usePassedInbox } from '../hooks/useHome.ts';
import { EmptyHint } from './EmptyHint.tsx';
import { HomeSection } from './HomeSection.tsx';

type PassedInboxProps = { firmId: number; firmName: string; count: number };

/**
 * SPEC §6 for managers: opportunities the vendor passed to the firm, waiting to be accepted (with an
 * owner) or declined (with a reason), answered right here.
 */
export function PassedInbox({ firmId, firmName, count }: PassedInboxProps) {
  const queryClient = useQueryClient();
  const inbox = usePassedInbox(firmId, count > 0);
  const items = inbox.data?.items ?? [];
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['home'] });
    void queryClient.invalidateQueries({ queryKey: ['/opportunities'] });
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  };
  return (
    <HomeSection
      id="passed-inbox"
      title="Passed inbox"
      count={count}
      actions={
        count > 0 && (
          <Anchor component={Link} to="/opportunities?passStatus=pending" size="sm">
            {count > items.length && items.length > 0 ? `Show all ${count}` : 'Open as a list'}
          </Anchor>
        )
      }
    >
      {count === 0 ? (
        <EmptyHint>
          Nothing is waiting. When the vendor passes an opportunity to {firmName}, it appears here for you to
          accept, choosing its owner, or decline.
        </EmptyHint>
      ) : inbox.isLoading ? (
        <Loader size="sm" aria-label="Loading the passed inbox" />
      ) : (
        <Stack gap="sm">
          {items.map((opportunity, index) => (
            <Fragment key={opportunity.id}>
              {index > 0 && <Divider />}
              <Stack gap={4} component="article" aria-label={`${opportunity.number} ${opportunity.name}`}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/opportunities/${opportunity.id}`} size="sm" fw={600}>
                      {opportunity.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {opportunity.number} ·{' '}
                      <Anchor component={Link} to={`/clients/${opportunity.clientId}`} size="xs" c="dimmed">
                        {opportunity.clientName}
                      </Anchor>
                    </Text>
                  </div>
                  <Money
                    size="sm"
                    fw={500}
                    amountMinor={opportunity.amountMinor}
                    currency={opportunity.currency}
                  />
                </Group>
                <Text size="xs" c="dimmed">
                  Passed by {opportunity.passedBy?.name ?? 'the vendor'}
                  {opportunity.passedAt ? ` ${formatRelative(opportunity.passedAt)}` : ''}
                  {opportunity.passNote ? ` · “${opportunity.passNote}”` : ''}
                </Text>
                <PassDecision opportunity={opportunity} onDone={refresh} />
              </Stack>
            </Fragment>
          ))}
        </Stack>
      )}
    </HomeSection>
  );
}
