import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { stageChangeSchema } from '../../../../core/contract/opportunities.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { api } from '../../../api/client.ts';
import { Money } from '../../../components/Money.tsx';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';

const historySchema = z.object({ items: z.array(stageChangeSchema) });
const kindLabels = {
  create: 'Created',
  stage: 'Stage',
  reopen: 'Reopened',
  amount: 'Amount',
  'decision-date': 'Decision date',
  probability: 'Probability',
  update: 'Amount and dates',
} as const;

/** Every change of stage, amount, decision date or probability (SPEC §3), newest first. */
export function StageHistory({
  opportunityId,
  version,
  stages,
}: {
  opportunityId: number;
  version: number;
  stages: StageDefinition[];
}) {
  const history = useQuery({
    queryKey: ['history', opportunityId, version],
    queryFn: () => api.get(`/opportunities/${opportunityId}/history`, historySchema),
  });
  const label = (code: string | null) =>
    code ? (stages.find((stage) => stage.code === code)?.label ?? code) : '';
  return (
    <TableScroll label="Stage history" minWidth={760}>
      <Table verticalSpacing={4} striped aria-label="Stage history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
            <Table.Th>Decision</Table.Th>
            <Table.Th>Prob.</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Note</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...(history.data?.items ?? [])].reverse().map((change) => (
            <Table.Tr key={change.id}>
              <Table.Td>
                <Text size="xs">{formatDateTime(change.changedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{kindLabels[change.kind]}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {change.fromStage && change.fromStage !== change.toStage
                    ? `${label(change.fromStage)} → `
                    : ''}
                  {label(change.toStage)}
                </Text>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                <Money size="xs" amountMinor={change.amountMinor} currency={change.currency} />
              </Table.Td>
              <Table.Td>
                <Text size="xs">{formatDate(change.decisionDate)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{change.probability}%</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{change.changedBy?.name}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={2}>
                  {change.note}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
