import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { userListSchema } from '../../../../core/contract/firms.ts';
import { type Opportunity, opportunitySchema } from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';

/** SPEC §6: a passed opportunity waiting in the firm's inbox; its managers accept (with an owner) or decline. */
export function PassBanner({ opportunity }: { opportunity: Opportunity }) {
  const { data: me } = useMe();
  const refresh = useRefreshOpportunity(opportunity.id);
  const [ownerId, setOwnerId] = useState<string | null>(me ? String(me.id) : null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const accept = useMutation({
    mutationFn: () =>
      api.post(`/opportunities/${opportunity.id}/accept`, opportunitySchema, { ownerId: Number(ownerId) }),
    onSuccess: () => {
      notifySuccess('Accepted; the opportunity is now yours to progress');
      refresh();
    },
    onError: (error) => notifyError(error, 'Not accepted'),
  });
  const decline = useMutation({
    mutationFn: () => api.post(`/opportunities/${opportunity.id}/decline`, opportunitySchema, { reason }),
    onSuccess: () => {
      notifySuccess('Declined; it returns to the vendor rep');
      setDeclining(false);
      refresh();
    },
    onError: (error) => notifyError(error, 'Not declined'),
  });
  if (opportunity.passStatus !== 'pending') return null;
  const canAnswer =
    me && ((me.role === 'manager' && me.firm.id === opportunity.ownerFirmId) || me.role === 'admin');
  function submitDecline(event: FormEvent) {
    event.preventDefault();
    decline.mutate();
  }
  return (
    <Alert color="violet" title={`Passed to ${opportunity.ownerFirmName}`} role="status">
      <Stack gap="xs">
        <Text size="sm">
          {opportunity.passedBy?.name} passed this opportunity on {formatDateTime(opportunity.passedAt)}.
          {opportunity.passNote ? ` “${opportunity.passNote}”` : ''}
        </Text>
        {canAnswer ? (
          <Group align="flex-end" gap="xs">
            <RecordPicker
              label="Owner"
              size="xs"
              w={240}
              queryKey={`accept-owner-${opportunity.ownerFirmId}`}
              value={ownerId}
              selectedLabel={me && ownerId === String(me.id) ? me.name : null}
              search={async (text) =>
                (
                  await api.get('/users', userListSchema, {
                    query: { q: text || undefined, firmId: opportunity.ownerFirmId, limit: 30 },
                  })
                ).items
                  .filter((user) => user.role === 'seller' || user.role === 'manager')
                  .map((user) => ({ value: String(user.id), label: user.name }))
              }
              onChange={(value) => setOwnerId(value)}
            />
            <Button size="xs" disabled={!ownerId} loading={accept.isPending} onClick={() => accept.mutate()}>
              Accept
            </Button>
            <Button size="xs" variant="default" onClick={() => setDeclining(true)}>
              Decline…
            </Button>
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            Waiting for a manager of {opportunity.ownerFirmName} to accept it.
          </Text>
        )}
      </Stack>
      <Modal opened={declining} onClose={() => setDeclining(false)} title="Decline the passed opportunity">
        <form onSubmit={submitDecline}>
          <Stack>
            <Textarea
              label="Reason"
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeclining(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={decline.isPending}>
                Decline
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Alert>
  );
}
