import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { StageMove } from '../../../../core/contract/opportunities.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { missingRequirementsOf } from '../lib/stage-refusal.ts';
import { GateRefusal } from './GateRefusal.tsx';

export type ClosingDialogTarget = { stage: StageDefinition; kind: 'close' | 'reopen' };

type ClosingDialogProps = {
  target: ClosingDialogTarget | null;
  /** Whose stage changes, e.g. "OPP-2026-000123 Datacenter refresh", when the screen does not say. */
  subject?: string;
  stages: readonly StageDefinition[];
  initialCompetitor?: string | null;
  isPending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (move: StageMove) => void;
};

/**
 * Closing or reopening an opportunity (SPEC §3): a closing asks for what its stage requires
 * (competitor, reason, note) and says what closing does; a reopening asks why. Shared by the
 * stage bar and the pipeline board so both ask the same questions.
 */
export function ClosingDialog({ target, ...props }: ClosingDialogProps) {
  const title = target
    ? target.kind === 'reopen'
      ? `Reopen in ${target.stage.label}`
      : `Close as ${target.stage.label}`
    : '';
  return (
    <Modal opened={target !== null} onClose={props.onCancel} title={title}>
      {/* A fresh form per target, so one closing's answers never leak into the next. */}
      {target && <ClosingForm key={`${target.kind}-${target.stage.code}`} target={target} {...props} />}
    </Modal>
  );
}

function ClosingForm({
  target,
  subject,
  stages,
  initialCompetitor,
  isPending,
  error,
  onCancel,
  onSubmit,
}: Omit<ClosingDialogProps, 'target'> & { target: ClosingDialogTarget }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [competitor, setCompetitor] = useState(initialCompetitor ?? '');
  const needs = target.stage.closingRequirements;
  const missing = missingRequirementsOf(error);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({
      stage: target.stage.code,
      ...(note.trim() && { note: note.trim() }),
      ...(reason.trim() && { reason: reason.trim() }),
      ...(competitor.trim() && { competitor: competitor.trim() }),
    });
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {subject && (
          <Text size="sm" fw={500}>
            {subject}
          </Text>
        )}
        {missing ? (
          <GateRefusal missing={missing} stages={stages} title="Not closed" />
        ) : error instanceof Error ? (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        ) : null}
        {needs.includes('competitor') && (
          <TextInput
            label="Competitor who won"
            required
            value={competitor}
            onChange={(event) => setCompetitor(event.currentTarget.value)}
          />
        )}
        {needs.includes('reason') && (
          <TextInput
            label="Reason"
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
        )}
        {(needs.includes('note') || target.kind === 'reopen') && (
          <Textarea
            label={target.kind === 'reopen' ? 'Why is it reopened?' : 'Note'}
            required
            autosize
            minRows={3}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
        )}
        {target.kind === 'close' && (
          <Text size="xs" c="dimmed">
            Closing closes every open line item ({target.stage.outcome}), freezes the exchange rate and makes
            the opportunity read-only except notes and activities.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={isPending}
            color={target.stage.outcome === 'lost' ? 'red' : undefined}
          >
            {target.kind === 'reopen' ? 'Reopen' : 'Close opportunity'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
