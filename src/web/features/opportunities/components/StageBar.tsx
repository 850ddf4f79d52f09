import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { OpportunityOverview } from '../../../../core/contract/opportunities.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { ApiError } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { useMoveStage } from '../hooks/useOpportunity.ts';
import classes from './StageBar.module.css';

type StageBarProps = { overview: OpportunityOverview; stages: StageDefinition[] };

type Dialog = { stage: StageDefinition; kind: 'close' | 'reopen' } | null;

/**
 * The seven gates and four closings (SPEC §3). Each gate says, before anyone clicks, what it still
 * needs (the shared gate function, via the overview's readiness); closings ask for their reason,
 * competitor and note; a closed deal offers to reopen.
 */
export function StageBar({ overview, stages }: StageBarProps) {
  const { opportunity, readiness } = overview;
  const move = useMoveStage(overview);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [competitor, setCompetitor] = useState(opportunity.competitor ?? '');
  const current = stages.find((stage) => stage.code === opportunity.stage);
  const open = stages.filter((stage) => !stage.closing);
  const closings = stages.filter((stage) => stage.closing);
  const missingFor = (code: string) => readiness.find((item) => item.stage === code)?.missing ?? [];
  const canMove = opportunity.canEdit;

  function moveTo(stage: StageDefinition) {
    if (!current || stage.code === current.code) return;
    if (stage.closing) {
      setDialog({ stage, kind: 'close' });
      return;
    }
    if (current.closing) {
      setDialog({ stage, kind: 'reopen' });
      return;
    }
    move.mutate(
      { stage: stage.code },
      {
        onSuccess: () => notifySuccess(`Moved to ${stage.label}`),
        onError: (error) => notifyError(error, `Not moved to ${stage.label}`),
      },
    );
  }

  function submitDialog(event: FormEvent) {
    event.preventDefault();
    if (!dialog) return;
    move.mutate(
      {
        stage: dialog.stage.code,
        ...(note && { note }),
        ...(reason && { reason }),
        ...(competitor && { competitor }),
      },
      {
        onSuccess: () => {
          notifySuccess(
            dialog.kind === 'reopen'
              ? `Reopened in ${dialog.stage.label}`
              : `Closed as ${dialog.stage.label}`,
          );
          setDialog(null);
          setNote('');
          setReason('');
        },
      },
    );
  }

  const dialogNeeds = dialog?.stage.closingRequirements ?? [];
  const dialogError = move.error instanceof ApiError && dialog ? move.error : null;

  return (
    <Stack gap={6}>
      <ol className={classes.bar} aria-label="Sales stages">
        {open.map((stage) => {
          const isCurrent = stage.code === opportunity.stage;
          const isPast = current !== undefined && !current.closing && stage.order < current.order;
          const missing = missingFor(stage.code);
          const disabled =
            !(canMove || (opportunity.canReopen && current?.closing)) || isCurrent || move.isPending;
          const label =
            missing.length > 0
              ? `Needs: ${missing.map((item) => item.message).join('; ')}`
              : isCurrent
                ? 'Current stage'
                : `Move to ${stage.label}`;
          return (
            <li key={stage.code} className={classes.step}>
              <Tooltip label={label} multiline maw={320} withArrow>
                <UnstyledButton
                  className={classes.stepButton}
                  data-current={isCurrent || undefined}
                  data-past={isPast || undefined}
                  data-blocked={(missing.length > 0 && !isPast) || undefined}
                  aria-current={isCurrent ? 'step' : undefined}
                  aria-label={`${stage.label}${isCurrent ? ' (current)' : ''}${missing.length > 0 && !isPast ? ` — needs ${missing.map((item) => item.message).join('; ')}` : ''}`}
                  disabled={disabled}
                  onClick={() => moveTo(stage)}
                >
                  <span className={classes.stepLabel}>{stage.label}</span>
                  <span className={classes.stepProbability}>{stage.probability}%</span>
                </UnstyledButton>
              </Tooltip>
            </li>
          );
        })}
      </ol>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {current?.closing ? 'Closed:' : 'Close as:'}
        </Text>
        {closings.map((stage) => {
          const isCurrent = stage.code === opportunity.stage;
          return (
            <Button
              key={stage.code}
              size="compact-xs"
              variant={isCurrent ? 'filled' : 'light'}
              color={stage.outcome === 'won' ? 'green' : 'gray'}
              disabled={!canMove || isCurrent || current?.closing}
              aria-current={isCurrent ? 'step' : undefined}
              onClick={() => moveTo(stage)}
            >
              {stage.label}
            </Button>
          );
        })}
        {current?.closing && opportunity.canReopen && (
          <Text size="xs" c="dimmed">
            Reopen by choosing an open stage above.
          </Text>
        )}
      </Group>
      {move.error && !dialog && move.error instanceof ApiError && move.error.code === 'GATE_NOT_MET' && (
        <Alert color="orange" title="The stage was not changed" role="alert">
          <List size="sm">
            {((move.error.details?.missing ?? []) as { stage: string; message: string }[]).map((item) => (
              <List.Item key={`${item.stage}-${item.message}`}>
                {stages.find((stage) => stage.code === item.stage)?.label ?? item.stage} needs {item.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={
          dialog?.kind === 'reopen'
            ? `Reopen in ${dialog.stage.label}`
            : `Close as ${dialog?.stage.label ?? ''}`
        }
      >
        <form onSubmit={submitDialog}>
          <Stack gap="sm">
            {dialogError && (
              <Alert color="red" role="alert">
                {dialogError.message}
              </Alert>
            )}
            {dialogNeeds.includes('competitor') && (
              <TextInput
                label="Competitor who won"
                required
                value={competitor}
                onChange={(event) => setCompetitor(event.currentTarget.value)}
              />
            )}
            {dialogNeeds.includes('reason') && (
              <TextInput
                label="Reason"
                required
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
            )}
            {(dialogNeeds.includes('note') || dialog?.kind === 'reopen') && (
              <Textarea
                label={dialog?.kind === 'reopen' ? 'Why is it reopened?' : 'Note'}
                required
                autosize
                minRows={3}
                value={note}
                onChange={(event) => setNote(event.currentTarget.value)}
              />
            )}
            {dialog?.kind === 'close' && (
              <Text size="xs" c="dimmed">
                Closing closes every open line item ({dialog.stage.outcome}), freezes the exchange rate and
                makes the opportunity read-only except notes and activities.
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={move.isPending}
                color={dialog?.stage.outcome === 'lost' ? 'red' : undefined}
              >
                {dialog?.kind === 'reopen' ? 'Reopen' : 'Close opportunity'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
