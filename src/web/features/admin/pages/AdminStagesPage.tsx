import {
  Alert,
  Badge,
  Button,
  Center,
  List,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import type { StageDefinition } from '../../../../core/stages.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { useStages } from '../../../hooks/useReferenceData.ts';
import { requirementLabel } from '../../../lib/requirements.ts';
import { StageForm } from '../components/StageForm.tsx';

type Stage = StageDefinition & { version: number };

function Requirements({ codes, empty }: { codes: readonly string[]; empty: string }) {
  if (codes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <List size="sm" spacing={0}>
      {codes.map((code) => (
        <List.Item key={code}>{requirementLabel(code)}</List.Item>
      ))}
    </List>
  );
}

/**
 * Admin → Stage catalog (SPEC §3): the seven gates and four closings, in order, as data. Gates are
 * cumulative, so each gate's row also shows what the earlier gates already demand.
 */
export function AdminStagesPage() {
  const stages = useStages();
  const [editing, setEditing] = useState<Stage | null>(null);
  if (stages.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the stage catalog" />
      </Center>
    );
  }
  const catalog = [...(stages.data ?? [])].sort((left, right) => left.order - right.order);
  const gates = catalog.filter((stage) => !stage.closing);
  const closings = catalog.filter((stage) => stage.closing);

  const editButton = (stage: Stage) => (
    <Button size="xs" variant="subtle" aria-label={`Edit ${stage.label}`} onClick={() => setEditing(stage)}>
      Edit
    </Button>
  );

  return (
    <Stack gap="md">
      <Alert color="blue" title="Gates are cumulative">
        <Text size="sm">
          Each open stage is a gate. To enter a stage, an opportunity must meet that stage's requirements{' '}
          <strong>and those of every earlier gate</strong>, including gates it skips; moving back is always
          allowed. The server checks this on every stage change, and the opportunity screen shows what is
          missing before anyone tries. Closing stages instead ask for what the closing needs (a competitor, a
          reason, a note). Probability follows the stage.
        </Text>
      </Alert>

      <section aria-labelledby="gates-heading">
        <Title order={2} size="h4" id="gates-heading" mb="xs">
          Open stages (gates)
        </Title>
        <Paper withBorder>
          <TableScroll label="Open stages" minWidth={860}>
            <Table verticalSpacing={6} aria-label="Open stages">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={50}>#</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th w={100}>Probability</Table.Th>
                  <Table.Th>Requires on entry</Table.Th>
                  <Table.Th>Already required by earlier gates</Table.Th>
                  <Table.Th w={110}>Stale after</Table.Th>
                  <Table.Th w={70}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {gates.map((stage, index) => {
                  const earlier = [
                    ...new Set(gates.slice(0, index).flatMap((gate) => gate.requirements)),
                  ].filter((code) => !stage.requirements.includes(code));
                  return (
                    <Table.Tr key={stage.code} style={{ verticalAlign: 'top' }}>
                      <Table.Td>{stage.order}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {stage.label}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {stage.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>{stage.probability}%</Table.Td>
                      <Table.Td>
                        <Requirements codes={stage.requirements} empty="Nothing of its own" />
                      </Table.Td>
                      <Table.Td>
                        <Requirements codes={earlier} empty="—" />
                      </Table.Td>
                      <Table.Td>{stage.staleAfterDays} days</Table.Td>
                      <Table.Td ta="right">{editButton(stage)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Paper>
        <Text size="xs" c="dimmed" mt={4}>
          "Stale after": an open opportunity with no stage change for longer than this is flagged as stale on
          the home screen.
        </Text>
      </section>

      <section aria-labelledby="closings-heading">
        <Title order={2} size="h4" id="closings-heading" mb="xs">
          Closing stages
        </Title>
        <Paper withBorder>
          <TableScroll label="Closing stages" minWidth={760}>
            <Table verticalSpacing={6} aria-label="Closing stages">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={50}>#</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th w={120}>Outcome</Table.Th>
                  <Table.Th w={100}>Probability</Table.Th>
                  <Table.Th>Closing requires</Table.Th>
                  <Table.Th w={70}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {closings.map((stage) => (
                  <Table.Tr key={stage.code} style={{ verticalAlign: 'top' }}>
                    <Table.Td>{stage.order}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {stage.label}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {stage.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={stage.outcome === 'won' ? 'green' : 'red'}>
                        {stage.outcome === 'won' ? 'Won' : 'Lost'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{stage.probability}%</Table.Td>
                    <Table.Td>
                      <Requirements codes={stage.closingRequirements} empty="Nothing" />
                    </Table.Td>
                    <Table.Td ta="right">{editButton(stage)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Paper>
        <Text size="xs" c="dimmed" mt={4}>
          Closing an opportunity closes its open line items, freezes its exchange rate and makes it read-only
          except for notes and activities.
        </Text>
      </section>
      {editing && <StageForm stage={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
