import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type StageUpdate, stageSchema } from '../../../../core/contract/stages.ts';
import {
  type ClosingRequirement,
  closingRequirements,
  type GateRequirement,
  gateRequirements,
  type StageDefinition,
} from '../../../../core/stages.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { ConflictAlert } from '../../../components/ConflictAlert.tsx';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import { requirementLabel } from '../../../lib/requirements.ts';
import {
  isVersionConflict,
  rebaseValues,
  type VersionConflict,
  versionConflictOf,
} from '../../../lib/version-conflict.ts';

type Stage = StageDefinition & { version: number };

type Values = {
  label: string;
  probability: number | string;
  requirements: GateRequirement[];
  closingRequirements: ClosingRequirement[];
  staleAfterDays: number | string;
};

const shownFields = ['label', 'probability', 'requirements', 'closingRequirements', 'staleAfterDays'];

const valuesOf = (stage: Stage): Values => ({
  label: stage.label,
  probability: stage.probability,
  requirements: [...stage.requirements],
  closingRequirements: [...stage.closingRequirements],
  staleAfterDays: stage.staleAfterDays,
});

const sameSet = (left: readonly string[], right: readonly string[]) =>
  left.length === right.length && left.every((item) => right.includes(item));

/** Edit one stage of the catalog: label, probability and requirements for gates; label and closing needs for closings. */
export function StageForm({ stage, onClose }: { stage: Stage; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(stage);
  const [values, setValues] = useState(() => valuesOf(stage));
  const [conflict, setConflict] = useState<VersionConflict<Stage> | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body: StageUpdate = {};
      if (values.label !== base.label) body.label = values.label;
      if (!base.closing) {
        if (values.probability !== base.probability) body.probability = Number(values.probability);
        if (values.staleAfterDays !== base.staleAfterDays)
          body.staleAfterDays = Number(values.staleAfterDays);
        if (!sameSet(values.requirements, base.requirements)) body.requirements = values.requirements;
      } else if (!sameSet(values.closingRequirements, base.closingRequirements)) {
        body.closingRequirements = values.closingRequirements;
      }
      return api.patch(`/stages/${base.code}`, stageSchema, body, { ifMatch: base.version });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['stages'] });
      notifySuccess(`${saved.label} saved`);
      onClose();
    },
    onError: (error) => {
      if (!isVersionConflict(error)) return;
      void queryClient.invalidateQueries({ queryKey: ['stages'] });
      const found = versionConflictOf(
        error,
        stageSchema,
        base,
        {
          label: 'Label',
          probability: 'Probability',
          requirements: 'Requires on entry',
          closingRequirements: 'Closing requires',
          staleAfterDays: 'Stale after (days)',
        },
        (_key, value) =>
          Array.isArray(value)
            ? value.map((code) => requirementLabel(String(code))).join(', ') || 'nothing'
            : String(value),
      );
      if (found?.current) {
        const theirs = found.current;
        setValues((mine) => rebaseValues(mine, valuesOf(base), valuesOf(theirs)));
        setBase(theirs);
      }
      setConflict(found ?? { current: null, changes: [] });
    },
  });
  const [blank, setBlank] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorsOf(save.error), ...blank };
  const general = isVersionConflict(save.error) ? null : generalErrorOf(save.error, shownFields);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty: Record<string, string> = {};
    if (!base.closing && values.probability === '') empty.probability = 'Enter a whole percent from 0 to 100';
    if (!base.closing && values.staleAfterDays === '') empty.staleAfterDays = 'Enter a number of days';
    setBlank(empty);
    if (Object.keys(empty).length === 0) save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={`Edit stage ${base.label}`} size="lg">
      <form onSubmit={submit} noValidate aria-label="Edit stage">
        <Stack gap="sm">
          {conflict && <ConflictAlert what="stage" conflict={conflict} />}
          {general && (
            <Alert color="red" role="alert" title="Not saved">
              {general}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            Code <code>{base.code}</code> ·{' '}
            {base.closing ? 'closing stage' : `gate ${base.order} of the open stages`} · the code never
            changes, so integrations and history keep working.
          </Text>
          <TextInput
            label="Label"
            required
            data-autofocus
            value={values.label}
            error={errors.label}
            onChange={(event) => set('label', event.currentTarget.value)}
          />
          {!base.closing && (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <NumberInput
                label="Probability %"
                min={0}
                max={100}
                allowDecimal={false}
                clampBehavior="strict"
                value={values.probability}
                error={errors.probability}
                onChange={(value) => set('probability', value)}
              />
              <NumberInput
                label="Stale after (days)"
                min={1}
                max={3650}
                allowDecimal={false}
                value={values.staleAfterDays}
                error={errors.staleAfterDays}
                onChange={(value) => set('staleAfterDays', value)}
              />
            </SimpleGrid>
          )}
          {base.closing ? (
            <>
              <Text size="sm">
                Probability: <strong>{base.probability}%</strong> — a closing stage is 100% when won and 0%
                when lost.
              </Text>
              <MultiSelect
                label="Closing requires"
                description="What the person closing an opportunity into this stage must give"
                placeholder={values.closingRequirements.length ? undefined : 'Nothing'}
                data={closingRequirements.map((code) => ({ value: code, label: requirementLabel(code) }))}
                value={values.closingRequirements}
                error={errors.closingRequirements}
                onChange={(codes) =>
                  set(
                    'closingRequirements',
                    closingRequirements.filter((code) => codes.includes(code)),
                  )
                }
              />
            </>
          ) : (
            <MultiSelect
              label="Requires on entry"
              description="On top of everything the earlier gates require (gates are cumulative)"
              placeholder={values.requirements.length ? undefined : 'Nothing of its own'}
              data={gateRequirements.map((code) => ({ value: code, label: requirementLabel(code) }))}
              value={values.requirements}
              error={errors.requirements}
              onChange={(codes) =>
                set(
                  'requirements',
                  gateRequirements.filter((code) => codes.includes(code)),
                )
              }
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {conflict ? 'Save on top of their version' : 'Save stage'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
