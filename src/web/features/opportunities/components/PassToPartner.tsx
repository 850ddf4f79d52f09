import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { firmListSchema } from '../../../../core/contract/firms.ts';
import { type Opportunity, opportunitySchema } from '../../../../core/contract/opportunities.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';

/**
 * SPEC §6: a vendor rep passes one of the vendor's own opportunities to an eligible partner firm,
 * with a note for its managers; it then waits in that firm's passed inbox.
 */
export function PassToPartner({ opportunity }: { opportunity: Opportunity }) {
  const [open, setOpen] = useState(false);
  const [firmId, setFirmId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const refresh = useRefreshOpportunity(opportunity.id);
  const firms = useQuery({
    queryKey: ['/firms'],
    queryFn: () => api.get('/firms', firmListSchema),
    enabled: open,
  });
  const partners = (firms.data?.items ?? [])
    .filter((firm) => firm.kind === 'partner' && firm.isEligible)
    .sort((left, right) => left.name.localeCompare(right.name))
    .map((firm) => ({
      value: String(firm.id),
      label: firm.isDistributor ? `${firm.name} (distributor)` : firm.name,
    }));
  const pass = useMutation({
    mutationFn: () =>
      api.post(`/opportunities/${opportunity.id}/pass`, opportunitySchema, {
        firmId: Number(firmId),
        note: note.trim() || null,
      }),
    onSuccess: (passed) => {
      notifySuccess(`Passed ${passed.number} ${passed.name} to ${passed.ownerFirmName}`);
      setOpen(false);
      setNote('');
      setFirmId(null);
    },
    onError: (error) => notifyError(error, 'Not passed'),
    onSettled: refresh,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (firmId) pass.mutate();
  }
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        Pass to a partner…
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Pass to a partner">
        <form onSubmit={submit} aria-label="Pass to a partner">
          <Stack>
            <Text size="sm">
              {opportunity.number} {opportunity.name} waits in the partner’s passed inbox until one of its
              managers accepts it, choosing the owner, or declines it back to you.
            </Text>
            <Select
              label="Partner firm"
              placeholder={firms.isLoading ? 'Loading firms…' : 'Choose an eligible partner'}
              data={partners}
              value={firmId}
              onChange={setFirmId}
              searchable
              required
              nothingFoundMessage="No eligible partner firm"
            />
            <Textarea
              label="Note for the partner’s managers"
              autosize
              minRows={3}
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!firmId} loading={pass.isPending}>
                Pass
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
