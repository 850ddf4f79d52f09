import {
  Alert,
  Badge,
  Button,
  Group,
  Input,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Firm, type FirmUpdate, firmSchema } from '../../../../core/contract/firms.ts';
import type { FirmKind } from '../../../../core/roles.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { ConflictAlert } from '../../../components/ConflictAlert.tsx';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import {
  isVersionConflict,
  rebaseValues,
  type VersionConflict,
  versionConflictOf,
} from '../../../lib/version-conflict.ts';

type Values = {
  name: string;
  kind: FirmKind;
  isDistributor: boolean;
  isInGoodStanding: boolean;
  isAuthorized: boolean;
  distributorFirmId: string | null;
};

const shownFields = [
  'name',
  'kind',
  'isDistributor',
  'isInGoodStanding',
  'isAuthorized',
  'distributorFirmId',
] as const;

function valuesOf(firm: Firm | undefined): Values {
  return {
    name: firm?.name ?? '',
    kind: firm?.kind ?? 'partner',
    isDistributor: firm?.isDistributor ?? false,
    // SPEC §1: a new partner firm is in good standing and authorized unless the admin says otherwise.
    isInGoodStanding: firm?.isInGoodStanding ?? true,
    isAuthorized: firm?.isAuthorized ?? true,
    distributorFirmId: firm?.distributorFirmId ? String(firm.distributorFirmId) : null,
  };
}

/** Create a firm, or change one's name, flags and distributor (sent with the version it was read at). */
export function FirmForm({ firm, firms, onClose }: { firm?: Firm; firms: Firm[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(firm);
  const [values, setValues] = useState(() => valuesOf(firm));
  const [conflict, setConflict] = useState<VersionConflict<Firm> | null>(null);
  const nameOf = (id: unknown) => firms.find((each) => each.id === id)?.name ?? '—';

  const save = useMutation({
    mutationFn: () => {
      const distributorFirmId = values.distributorFirmId ? Number(values.distributorFirmId) : null;
      if (!base) {
        return api.post('/firms', firmSchema, {
          name: values.name,
          kind: values.kind,
          ...(values.kind === 'partner' && {
            isDistributor: values.isDistributor,
            isInGoodStanding: values.isInGoodStanding,
            isAuthorized: values.isAuthorized,
            distributorFirmId,
          }),
        });
      }
      const started = valuesOf(base);
      const body: FirmUpdate = {};
      if (values.name !== started.name) body.name = values.name;
      if (values.isDistributor !== started.isDistributor) body.isDistributor = values.isDistributor;
      if (values.isInGoodStanding !== started.isInGoodStanding)
        body.isInGoodStanding = values.isInGoodStanding;
      if (values.isAuthorized !== started.isAuthorized) body.isAuthorized = values.isAuthorized;
      if (values.distributorFirmId !== started.distributorFirmId) body.distributorFirmId = distributorFirmId;
      return api.patch(`/firms/${base.id}`, firmSchema, body, { ifMatch: base.version });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['firms'] });
      notifySuccess(base ? `${saved.name} saved` : `${saved.name} created`);
      onClose();
    },
    onError: (error) => {
      if (!base || !isVersionConflict(error)) return;
      void queryClient.invalidateQueries({ queryKey: ['firms'] });
      const found = versionConflictOf(
        error,
        firmSchema,
        base,
        {
          name: 'Name',
          isDistributor: 'Distributor',
          isInGoodStanding: 'Good standing',
          isAuthorized: 'Authorized',
          distributorFirmId: 'Works with distributor',
        },
        (key, value) =>
          key === 'distributorFirmId'
            ? nameOf(value)
            : typeof value === 'boolean'
              ? value
                ? 'yes'
                : 'no'
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
  const errors = fieldErrorsOf(save.error);
  const general = isVersionConflict(save.error) ? null : generalErrorOf(save.error, shownFields);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const isPartner = values.kind === 'partner';
  const distributors = firms.filter(
    (each) => each.kind === 'partner' && each.isDistributor && each.id !== base?.id,
  );
  const isEligible = values.isInGoodStanding && values.isAuthorized;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={base ? `Edit ${base.name}` : 'New firm'} size="lg">
      <form onSubmit={submit} noValidate aria-label={base ? 'Edit firm' : 'New firm'}>
        <Stack gap="sm">
          {conflict && <ConflictAlert what="firm" conflict={conflict} />}
          {general && (
            <Alert color="red" role="alert" title="Not saved">
              {general}
            </Alert>
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            value={values.name}
            error={errors.name}
            onChange={(event) => set('name', event.currentTarget.value)}
          />
          {base ? (
            <Text size="sm">
              Kind: <strong>{base.kind === 'vendor' ? 'Vendor' : 'Partner'}</strong>
            </Text>
          ) : (
            <Input.Wrapper
              label="Kind"
              labelElement="div"
              labelProps={{ id: 'firm-kind-label' }}
              error={errors.kind}
            >
              <SegmentedControl
                aria-labelledby="firm-kind-label"
                fullWidth
                data={[
                  { value: 'partner', label: 'Partner (reseller or distributor)' },
                  { value: 'vendor', label: 'Vendor' },
                ]}
                value={values.kind}
                onChange={(value) => set('kind', value === 'vendor' ? 'vendor' : 'partner')}
              />
            </Input.Wrapper>
          )}
          {isPartner && (
            <>
              <Switch
                label="Distributor"
                description="Works two-tier deals and can be named as the distributor of other partners"
                checked={values.isDistributor}
                error={errors.isDistributor}
                onChange={(event) => set('isDistributor', event.currentTarget.checked)}
              />
              <Switch
                label="In good standing"
                checked={values.isInGoodStanding}
                error={errors.isInGoodStanding}
                onChange={(event) => set('isInGoodStanding', event.currentTarget.checked)}
              />
              <Switch
                label="Authorized"
                checked={values.isAuthorized}
                error={errors.isAuthorized}
                onChange={(event) => set('isAuthorized', event.currentTarget.checked)}
              />
              <Group gap="xs">
                <Text size="sm">Eligible to create and receive opportunities:</Text>
                <Badge size="sm" variant="light" color={isEligible ? 'green' : 'red'}>
                  {isEligible ? 'Eligible' : 'Not eligible'}
                </Badge>
              </Group>
              <Select
                label="Works with distributor"
                placeholder="None"
                clearable
                description="Offered as the default distributor on this firm's opportunities"
                data={distributors.map((each) => ({ value: String(each.id), label: each.name }))}
                value={values.distributorFirmId}
                error={errors.distributorFirmId}
                onChange={(value) => set('distributorFirmId', value)}
              />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {base ? (conflict ? 'Save on top of their version' : 'Save changes') : 'Create firm'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
