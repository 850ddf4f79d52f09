import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import type { CloseReason } from '../../../../core/contract/close-reasons.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { useCloseReasons, useStages } from '../../../hooks/useReferenceData.ts';
import { CloseReasonForm } from '../components/CloseReasonForm.tsx';

/**
 * Admin → Close reasons (issue 10; SPEC §8 win/loss by reason): the picklist a closing takes its
 * reason from, per closing stage. Reasons are deactivated rather than deleted, so the deals closed
 * with them and the win/loss report keep them.
 */
export function AdminCloseReasonsPage() {
  const reasons = useCloseReasons();
  const stages = useStages();
  const [editing, setEditing] = useState<CloseReason | 'new' | null>(null);
  if (reasons.isLoading || stages.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the close reasons" />
      </Center>
    );
  }
  const closings = (stages.data ?? []).filter((stage) => stage.closing).sort((a, b) => a.order - b.order);
  const labelOf = (code: string) => closings.find((stage) => stage.code === code)?.label ?? code;
  const list = [...(reasons.data ?? [])].sort(
    (left, right) =>
      Number(left.isOther) - Number(right.isOther) ||
      Number(right.isActive) - Number(left.isActive) ||
      left.order - right.order ||
      left.label.localeCompare(right.label),
  );
  const nextOrder =
    Math.max(0, ...list.filter((reason) => !reason.isOther).map((reason) => reason.order)) + 10;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text size="sm" maw={720}>
          Whoever closes an opportunity picks its reason from the list of that closing stage, so the win/loss
          report counts deals per reason. <strong>Other</strong> is always offered and asks what the reason
          was. A reason that is turned off is no longer offered; deals closed with it keep it, and renaming a
          reason renames it on those deals.
        </Text>
        <Button onClick={() => setEditing('new')}>New close reason</Button>
      </Group>
      <Paper withBorder>
        <TableScroll label="Close reasons" minWidth={720}>
          <Table verticalSpacing={6} aria-label="Close reasons">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Offered when closing as</Table.Th>
                <Table.Th w={80}>Order</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={70}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((reason) => (
                <Table.Tr key={reason.id} style={{ verticalAlign: 'top' }}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {reason.label}
                    </Text>
                    {reason.isOther && (
                      <Text size="xs" c="dimmed">
                        needs a note
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {(reason.isOther ? closings.map((stage) => stage.code) : reason.stages).map((code) => (
                        <Badge key={code} size="sm" variant="light" color="gray">
                          {labelOf(code)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{reason.isOther ? 'last' : reason.order}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={reason.isActive ? 'green' : 'gray'}>
                      {reason.isActive ? 'Offered' : 'Turned off'}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="subtle" onClick={() => setEditing(reason)}>
                      Edit<VisuallyHidden> {reason.label}</VisuallyHidden>
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Paper>
      {editing && (
        <CloseReasonForm
          reason={editing === 'new' ? null : editing}
          closings={closings}
          nextOrder={nextOrder}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
