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
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import type { Firm } from '../../../../core/contract/firms.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { useFirms } from '../../../hooks/useReferenceData.ts';
import { FirmForm } from '../components/FirmForm.tsx';

function Flag({ on, yes = 'Yes', no = 'No' }: { on: boolean; yes?: string; no?: string }) {
  return (
    <Badge size="sm" variant="light" color={on ? 'green' : 'red'}>
      {on ? yes : no}
    </Badge>
  );
}

/**
 * Admin → Firms: the vendor and its partners with the flags that decide eligibility (SPEC §1:
 * eligible = in good standing and authorized) and the distributor each partner works with.
 */
export function AdminFirmsPage() {
  const firms = useFirms();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Firm | 'new' | null>(null);
  const all = firms.data?.items ?? [];
  const nameOf = (id: number | null) => all.find((firm) => firm.id === id)?.name ?? '';
  const needle = filter.trim().toLowerCase();
  const shown = needle ? all.filter((firm) => firm.name.toLowerCase().includes(needle)) : all;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <TextInput
          label="Find a firm"
          placeholder="Name"
          w={260}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
        <Button onClick={() => setEditing('new')}>New firm</Button>
      </Group>
      <Paper withBorder>
        <TableScroll label="Firms" minWidth={900}>
          <Table verticalSpacing={6} highlightOnHover aria-label="Firms">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Firm</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Distributor</Table.Th>
                <Table.Th>Good standing</Table.Th>
                <Table.Th>Authorized</Table.Th>
                <Table.Th>Eligible</Table.Th>
                <Table.Th>Works with distributor</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((firm) => (
                <Table.Tr key={firm.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {firm.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{firm.kind === 'vendor' ? 'Vendor' : 'Partner'}</Text>
                  </Table.Td>
                  {firm.kind === 'vendor' ? (
                    <>
                      <Table.Td colSpan={4}>
                        <Text size="xs" c="dimmed">
                          The vendor: eligibility applies to partner firms
                        </Text>
                      </Table.Td>
                      <Table.Td />
                    </>
                  ) : (
                    <>
                      <Table.Td>
                        {firm.isDistributor ? (
                          <Badge size="sm" variant="light">
                            Distributor
                          </Badge>
                        ) : (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Flag on={firm.isInGoodStanding} />
                      </Table.Td>
                      <Table.Td>
                        <Flag on={firm.isAuthorized} />
                      </Table.Td>
                      <Table.Td>
                        <Flag on={firm.isEligible} yes="Eligible" no="Not eligible" />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{nameOf(firm.distributorFirmId) || '—'}</Text>
                      </Table.Td>
                    </>
                  )}
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={`Edit ${firm.name}`}
                      onClick={() => setEditing(firm)}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {firms.isLoading && (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading firms" />
          </Center>
        )}
        {firms.isSuccess && shown.length === 0 && (
          <Center p="lg">
            <Text size="sm" c="dimmed">
              {needle ? 'No firm matches this name.' : 'There are no firms yet.'}
            </Text>
          </Center>
        )}
      </Paper>
      <Text size="xs" c="dimmed">
        A partner firm is eligible to create and receive opportunities only while it is in good standing and
        authorized. The distributor a firm works with is offered as the default on its opportunities.
      </Text>
      {editing && (
        <FirmForm
          firm={editing === 'new' ? undefined : editing}
          firms={all}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
