import { Alert, Button, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { userListSchema } from '../../../../core/contract/firms.ts';
import { type Opportunity, opportunitySchema } from '../../../../core/contract/opportunities.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { ApiError, api } from '../../../api/client.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { formatDate } from '../../../lib/format.ts';

type Change =
  | { kind: 'owner'; ownerId: number; ownerName: string }
  | { kind: 'stage'; stage: string }
  | { kind: 'decisionDate'; date: string };
type Outcome = { id: number; ok: boolean; message: string };

/**
 * SPEC §8 lists: change the owner, stage or decision date of several opportunities at once, after a
 * preview of every change; each one goes through the same rules (gates, rights, versions) as a
 * single change, and the result says which succeeded.
 */
export function BulkChange({
  rows,
  stages,
  onDone,
}: {
  rows: Opportunity[];
  stages: StageDefinition[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Change['kind']>('stage');
  const [stage, setStage] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [owner, setOwner] = useState<{ id: string; name: string } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [running, setRunning] = useState(false);
  const change: Change | null =
    kind === 'stage' && stage
      ? { kind, stage }
      : kind === 'decisionDate' && date
        ? { kind, date }
        : kind === 'owner' && owner
          ? { kind, ownerId: Number(owner.id), ownerName: owner.name }
          : null;
  const stageLabel = (code: string) => stages.find((each) => each.code === code)?.label ?? code;
  const preview = (row: Opportunity): [string, string] => {
    if (!change) return ['', ''];
    switch (change.kind) {
      case 'stage':
        return [row.stageLabel, stageLabel(change.stage)];
      case 'decisionDate':
        return [formatDate(row.decisionDate), formatDate(change.date)];
      case 'owner':
        return [row.ownerName, change.ownerName];
    }
  };

  async function apply() {
    if (!change) return;
    setRunning(true);
    const results: Outcome[] = [];
    for (const row of rows) {
      try {
        if (change.kind === 'stage') {
          await api.post(
            `/opportunities/${row.id}/stage`,
            opportunitySchema,
            { stage: change.stage },
            { ifMatch: row.version },
          );
        } else if (change.kind === 'decisionDate') {
          await api.patch(
            `/opportunities/${row.id}`,
            opportunitySchema,
            { decisionDate: change.date },
            { ifMatch: row.version },
          );
        } else {
          await api.patch(
            `/opportunities/${row.id}`,
            opportunitySchema,
            { ownerId: change.ownerId },
            { ifMatch: row.version },
          );
        }
        results.push({ id: row.id, ok: true, message: 'Changed' });
      } catch (error) {
        results.push({
          id: row.id,
          ok: false,
          message: error instanceof ApiError ? error.message : 'Could not reach the server',
        });
      }
      setOutcomes([...results]);
    }
    setRunning(false);
    void queryClient.invalidateQueries({ queryKey: ['/opportunities'] });
  }

  function close() {
    setOpen(false);
    if (outcomes) onDone();
    setOutcomes(null);
  }

  const openStages = stages.filter((each) => !each.closing);
  return (
    <>
      <Button size="xs" onClick={() => setOpen(true)}>
        Change owner, stage or date…
      </Button>
      <Modal opened={open} onClose={close} title={`Change ${rows.length} opportunities`} size="xl">
        <Stack gap="sm">
          <Group align="flex-end">
            <Select
              label="What to change"
              allowDeselect={false}
              data={[
                { value: 'stage', label: 'Stage' },
                { value: 'decisionDate', label: 'Decision date' },
                { value: 'owner', label: 'Owner' },
              ]}
              value={kind}
              onChange={(value) => value && setKind(value as Change['kind'])}
              disabled={running || outcomes !== null}
            />
            {kind === 'stage' && (
              <Select
                label="New stage"
                data={openStages.map((each) => ({ value: each.code, label: each.label }))}
                value={stage}
                onChange={setStage}
                disabled={running || outcomes !== null}
              />
            )}
            {kind === 'decisionDate' && (
              <DateInput
                label="New decision date"
                valueFormat="YYYY-MM-DD"
                value={date}
                onChange={setDate}
                disabled={running || outcomes !== null}
              />
            )}
            {kind === 'owner' && (
              <RecordPicker
                label="New owner"
                w={260}
                queryKey="bulk-owner"
                value={owner?.id ?? null}
                selectedLabel={owner?.name ?? null}
                disabled={running || outcomes !== null}
                search={async (text) =>
                  (
                    await api.get('/users', userListSchema, { query: { q: text || undefined, limit: 30 } })
                  ).items.map((user) => ({
                    value: String(user.id),
                    label: user.name,
                  }))
                }
                onChange={(value, option) =>
                  setOwner(value && option ? { id: value, name: option.label } : null)
                }
              />
            )}
          </Group>
          {change && (
            <Table verticalSpacing={4} striped aria-label="Preview of the changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Opportunity</Table.Th>
                  <Table.Th>Now</Table.Th>
                  <Table.Th>After</Table.Th>
                  <Table.Th>Result</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => {
                  const [before, after] = preview(row);
                  const outcome = outcomes?.find((each) => each.id === row.id);
                  return (
                    <Table.Tr key={row.id}>
                      <Table.Td>
                        <Text size="xs">
                          {row.number} {row.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{before}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" fw={500}>
                          {after}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {outcome && (
                          <Text size="xs" c={outcome.ok ? 'green' : 'red'}>
                            {outcome.message}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
          {outcomes && outcomes.length === rows.length && (
            <Alert color={outcomes.every((each) => each.ok) ? 'green' : 'orange'} role="status">
              {outcomes.filter((each) => each.ok).length} of {rows.length} changed.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {outcomes ? 'Close' : 'Cancel'}
            </Button>
            {!outcomes && (
              <Button disabled={!change} loading={running} onClick={() => void apply()}>
                Apply to {rows.length}
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
