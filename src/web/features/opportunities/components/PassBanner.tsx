import { Alert, Stack, Text } from '@mantine/core';
import type { Opportunity } from '../../../../core/contract/opportunities.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';
import { PassDecision, useCanAnswerPass } from './PassDecision.tsx';

/** SPEC §6: a passed opportunity waiting in the firm's inbox; its managers accept (with an owner) or decline. */
export function PassBanner({ opportunity }: { opportunity: Opportunity }) {
  const refresh = useRefreshOpportunity(opportunity.id);
  const canAnswer = useCanAnswerPass(opportunity.ownerFirmId);
  if (opportunity.passStatus !== 'pending') return null;
  return (
    <Alert color="violet" title={`Passed to ${opportunity.ownerFirmName}`} role="status">
      <Stack gap="xs">
        <Text size="sm">
          {opportunity.passedBy?.name} passed this opportunity on {formatDateTime(opportunity.passedAt)}.
          {opportunity.passNote ? ` “${opportunity.passNote}”` : ''}
        </Text>
        {canAnswer ? (
          <PassDecision opportunity={opportunity} onDone={refresh} />
        ) : (
          <Text size="xs" c="dimmed">
            Waiting for a manager of {opportunity.ownerFirmName} to accept it.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
