import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { userListSchema } from '../../../../core/contract/firms.ts';
import { type Opportunity, opportunitySchema } from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { useMe } from '../../auth/hooks/useSession.ts';

type PassDecisionProps = {
  opportunity: Pick<Opportunity, 'id' | 'number' | 'name' | 'ownerFirmId'>;
  /** Called with the answered opportunity, so the screen can refresh what it shows. */
  onDone: (opportunity: Opportunity) => void;
};

/** May this user answer a pass to the opportunity's firm? Its managers (and admins) do (SPEC §6). */
export function useCanAnswerPass(ownerFirmId: number): boolean {
  const { data: me } = useMe();
  return Boolean(me && ((me.role === 'manager' && me.firm.id === ownerFirmId) || me.role === 'admin'));
}

/**
 * SPEC §6: a manager accepts a passed opportunity, choosing its owner among the firm's sellers and
 * managers, or declines it with a reason (it returns to the vendor rep). The opportunity banner
 * and the passed inbox on Home both use this.
 */
export function PassDecision({ opportunity, onDone }: PassDecisionProps) {
  const { data: me } = useMe();
  const [ownerId, setOwnerId] = useState<string | null>(me ? String(me.id) : null);
  const [ownerLabel, setOwnerLabel] = useState<string | null>(me?.name ?? null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const subject = `${opportunity.number} ${opportunity.name}`;
  const accept = useMutation({
    mutationFn: () =>
      api.post(`/opportunities/${opportunity.id}/accept`, opportunitySchema, { ownerId: Number(ownerId) }),
    onSuccess: (accepted) => {
      notifySuccess(`Accepted ${subject}; ${accepted.ownerName} owns it now`);
      onDone(accepted);
    },
    onError: (error) => notifyError(error, 'Not accepted'),
  });
  const decline = useMutation({
    mutationFn: () =>
      api.post(`/opportunities/${opportunity.id}/decline`, opportunitySchema, { reason: reason.trim() }),
    onSuccess: (declined) => {
      notifySuccess(`Declined ${subject}; it returns to the vendor rep`);
      setDeclining(false);
      onDone(declined);
    },
    onError: (error) => notifyError(error, 'Not declined'),
  });
  function submitDecline(event: FormEvent) {
    event.preventDefault();
    decline.mutate();
  }
  return (
    <>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <RecordPicker
          label="Owner"
          aria-label={`Owner of ${subject} when accepted`}
          size="xs"
          w={220}
          queryKey={`accept-owner-${opportunity.ownerFirmId}`}
          value={ownerId}
          selectedLabel={ownerLabel}
          search={async (text) =>
            (
              await api.get('/users', userListSchema, {
                query: { q: text || undefined, firmId: opportunity.ownerFirmId, limit: 30 },
              })
            ).items
              .filter((user) => user.role === 'seller' || user.role === 'manager')
              .map((user) => ({ value: String(user.id), label: user.name }))
          }
          onChange={(value, option) => {
            setOwnerId(value);
            setOwnerLabel(option?.label ?? null);
          }}
        />
        <Button
          size="xs"
          disabled={!ownerId}
          loading={accept.isPending}
          aria-label={`Accept ${subject}`}
          onClick={() => accept.mutate()}
        >
          Accept
        </Button>
        <Button
          size="xs"
          variant="default"
          aria-label={`Decline ${subject}`}
          onClick={() => setDeclining(true)}
        >
          Decline…
        </Button>
      </Group>
      <Modal opened={declining} onClose={() => setDeclining(false)} title="Decline the passed opportunity">
        <form onSubmit={submitDecline}>
          <Stack>
            <Textarea
              label="Reason"
              description={`${subject} returns to the vendor rep with this reason.`}
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
    </>
  );
}
