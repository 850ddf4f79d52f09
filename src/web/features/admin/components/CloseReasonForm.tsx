import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type CloseReason,
  type CloseReasonCreate,
  type CloseReasonUpdate,
  closeReasonSchema,
} from '../../../../core/contract/close-reasons.ts';
import type { StageDefinition } from '../../../../core/stages.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';

type Values = { label: string; stages: string[]; order: number | string; isActive: boolean };

const shownFields = ['label', 'stages', 'order', 'isActive'];

const sameSet = (left: readonly string[], right: readonly string[]) =>
  left.length === right.length && left.every((item) => right.includes(item));

/**
 * Add or change a close reason (issue 10): its label, the closing stages that offer it, its place in
 * the list and whether it is still offered. "Other" keeps every closing stage and stays offered.
 */
export function CloseReasonForm({
  reason,
  closings,
  nextOrder,
  onClose,
}: {
  reason: CloseReason | null;
  closings: readonly StageDefinition[];
  nextOrder: number;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() =>
    reason
      ? { label: reason.label, stages: [...reason.stages], order: reason.order, isActive: reason.isActive }
      : { label: '', stages: [], order: nextOrder, isActive: true },
  );
  const [blank, setBlank] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => {
      if (!reason) {
        const body: CloseReasonCreate = {
          label: values.label,
          stages: values.stages,
          isActive: values.isActive,
          ...(values.order !== '' && { order: Number(values.order) }),
        };
        return api.post('/close-reasons', closeReasonSchema, body);
      }
      const body: CloseReasonUpdate = {};
      if (values.label !== reason.label) body.label = values.label;
      if (!reason.isOther && !sameSet(values.stages, reason.stages)) body.stages = values.stages;
      if (values.order !== '' && Number(values.order) !== reason.order) body.order = Number(values.order);
      if (!reason.isOther && values.isActive !== reason.isActive) body.isActive = values.isActive;
      return api.patch(`/close-reasons/${reason.id}`, closeReasonSchema, body, { ifMatch: reason.version });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['close-reasons'] });
      notifySuccess(`${saved.label} saved`);
      onClose();
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: ['close-reasons'] });
    },
  });
  const errors = { ...fieldErrorsOf(save.error), ...blank };
  const general = generalErrorOf(save.error, shownFields);
  const stageError = errors.stages ?? Object.entries(errors).find(([key]) => key.startsWith('stages.'))?.[1];
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty: Record<string, string> = {};
    if (values.label.trim() === '') empty.label = 'Enter the reason as people should read it';
    if (values.stages.length === 0) empty.stages = 'Choose at least one closing stage';
    setBlank(empty);
    if (Object.keys(empty).length === 0) save.mutate();
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={reason ? `Edit close reason ${reason.label}` : 'New close reason'}
      size="lg"
    >
      <form onSubmit={submit} noValidate aria-label={reason ? 'Edit close reason' : 'New close reason'}>
        <Stack gap="sm">
          {general && (
            <Alert color="red" role="alert" title="Not saved">
              {general}
            </Alert>
          )}
          <TextInput
            label="Reason"
            required
            data-autofocus
            maxLength={80}
            value={values.label}
            error={errors.label}
            onChange={(event) => set('label', event.currentTarget.value)}
          />
          {reason?.isOther ? (
            <Text size="sm" c="dimmed">
              Offered for every closing stage, always: whoever picks it writes what the reason was.
            </Text>
          ) : (
            <Checkbox.Group
              label="Offered when closing as"
              required
              value={values.stages}
              error={stageError}
              onChange={(codes) =>
                set(
                  'stages',
                  closings.map((stage) => stage.code).filter((code) => codes.includes(code)),
                )
              }
            >
              <Stack gap={6} mt={6}>
                {closings.map((stage) => (
                  <Checkbox key={stage.code} value={stage.code} label={stage.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <NumberInput
            label="Order"
            description="Lower comes first in the list; Other always comes last"
            min={0}
            max={100000}
            allowDecimal={false}
            value={values.order}
            error={errors.order}
            onChange={(value) => set('order', value)}
          />
          {!reason?.isOther && (
            <Switch
              label="Offered when closing"
              description="Turned off, the reason is no longer offered; deals closed with it keep it"
              checked={values.isActive}
              onChange={(event) => set('isActive', event.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {reason ? 'Save reason' : 'Add reason'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
