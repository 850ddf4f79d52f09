import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { reasonsForStage } from '../../../../core/close-reasons.ts';
import type { StageMove } from '../../../../core/contract/opportunities.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { useAutofocus } from '../../../hooks/useAutofocus.ts';
import { useCloseReasons } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
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
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [reasonNote, setReasonNote] = useState('');
  const [reasonNoteMissing, setReasonNoteMissing] = useState(false);
  const [competitor, setCompetitor] = useState(initialCompetitor ?? '');
  const closeReasons = useCloseReasons();
  const needs = target.stage.closingRequirements;
  const missing = missingRequirementsOf(error);
  const fieldErrors = fieldErrorsOf(error);
  const general = generalErrorOf(error, ['reasonId', 'reason', 'reasonNote']);
  // The closing stage's own list (issue 10): the report counts deals per reason of it.
  const reasons = target.kind === 'close' ? reasonsForStage(closeReasons.data ?? [], target.stage.code) : [];
  const chosen = reasons.find((each) => String(each.id) === reasonId);
  // As the API (core isClosingRequirementMet): the words on the reason ("Other" described) are the
  // closing's note, so the note box is then optional rather than a second required box.
  const noteCovered = target.kind === 'close' && (Boolean(chosen?.isOther) || reasonNote.trim() !== '');
  // The keyboard starts on the first question, not on the dialog's close button; the reasons arrive
  // after the dialog opens, so the focus follows them.
  const firstField = needs.includes('competitor')
    ? 'competitor'
    : reasons.length > 0
      ? 'reason'
      : needs.includes('note') || target.kind === 'reopen'
        ? 'note'
        : 'submit';
  const autofocus = (field: typeof firstField) => (firstField === field ? { 'data-autofocus': true } : {});
  const formRef = useRef<HTMLFormElement>(null);
  useAutofocus(formRef, firstField);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen?.isOther && !reasonNote.trim()) {
      setReasonNoteMissing(true);
      return;
    }
    onSubmit({
      stage: target.stage.code,
      ...(note.trim() && { note: note.trim() }),
      ...(chosen && { reasonId: chosen.id }),
      ...(chosen && reasonNote.trim() && { reasonNote: reasonNote.trim() }),
      ...(competitor.trim() && { competitor: competitor.trim() }),
    });
  }

  return (
    <form onSubmit={submit} ref={formRef}>
      <Stack gap="sm">
        {subject && (
          <Text size="sm" fw={500}>
            {subject}
          </Text>
        )}
        {missing ? (
          <GateRefusal missing={missing} stages={stages} title="Not closed" />
        ) : error instanceof Error && general ? (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        ) : null}
        {needs.includes('competitor') && (
          <TextInput
            label="Competitor who won"
            {...autofocus('competitor')}
            required
            value={competitor}
            onChange={(event) => setCompetitor(event.currentTarget.value)}
          />
        )}
        {reasons.length > 0 && (
          <Select
            label={needs.includes('reason') ? 'Reason' : 'Reason (optional)'}
            {...autofocus('reason')}
            // Focused on opening, it waits for typing or the arrow keys rather than covering the dialog.
            openOnFocus={false}
            required={needs.includes('reason')}
            placeholder="Choose or type to search"
            searchable
            nothingFoundMessage="No such reason: choose Other and describe it"
            data={reasons.map((each) => ({ value: String(each.id), label: each.label }))}
            value={reasonId}
            onChange={(value) => {
              setReasonId(value);
              setReasonNoteMissing(false);
            }}
            clearable={!needs.includes('reason')}
            allowDeselect={!needs.includes('reason')}
            error={fieldErrors.reasonId ?? fieldErrors.reason}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {chosen && (
          <TextInput
            label={chosen.isOther ? `Describe "${chosen.label}"` : 'Detail (optional)'}
            required={chosen.isOther}
            maxLength={500}
            value={reasonNote}
            error={
              fieldErrors.reasonNote ??
              (reasonNoteMissing ? `Say what "${chosen.label}" stands for here` : undefined)
            }
            onChange={(event) => {
              setReasonNote(event.currentTarget.value);
              setReasonNoteMissing(false);
            }}
          />
        )}
        {(needs.includes('note') || target.kind === 'reopen') && (
          <Textarea
            {...autofocus('note')}
            label={
              target.kind === 'reopen' ? 'Why is it reopened?' : noteCovered ? 'Note (optional)' : 'Note'
            }
            required={!noteCovered}
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
            {...autofocus('submit')}
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
