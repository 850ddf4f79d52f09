import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type User, userSchema } from '../../../../core/contract/firms.ts';
import { type Role, roleLabels, rolesByFirmKind } from '../../../../core/roles.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { useFirms } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';

const shownFields = ['email', 'name', 'firmId', 'role', 'password'];

type Values = { email: string; name: string; firmId: string | null; role: Role | null; password: string };

/** A new user: the roles on offer are the ones their firm's kind allows (SPEC §1). */
export function UserCreateForm({
  presetFirmId,
  onClose,
  onCreated,
}: {
  presetFirmId: number | null;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const queryClient = useQueryClient();
  const firms = useFirms();
  const [values, setValues] = useState<Values>({
    email: '',
    name: '',
    firmId: presetFirmId ? String(presetFirmId) : null,
    role: null,
    password: '',
  });
  const firm = firms.data?.items.find((each) => String(each.id) === values.firmId);
  const roleChoices = firm ? rolesByFirmKind[firm.kind] : [];
  const create = useMutation({
    mutationFn: () =>
      api.post('/users', userSchema, {
        email: values.email,
        name: values.name,
        password: values.password,
        ...(values.firmId && { firmId: Number(values.firmId) }),
        ...(values.role && { role: values.role }),
      }),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['/users'] });
      notifySuccess(`${user.name} can now sign in as ${user.email}`, 'User created');
      onCreated(user);
    },
  });
  const [missing, setMissing] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorsOf(create.error), ...missing };
  const general = generalErrorOf(create.error, shownFields);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setMissing((current) => {
      const { [key]: _cleared, ...rest } = current;
      return rest;
    });
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    // A picker left empty is said plainly here; everything else the server checks and names.
    const unchosen: Record<string, string> = {};
    if (!values.firmId) unchosen.firmId = 'Choose the firm the user works for';
    if (!values.role) unchosen.role = 'Choose a role';
    setMissing(unchosen);
    if (Object.keys(unchosen).length === 0) create.mutate();
  }

  return (
    <Modal opened onClose={onClose} title="New user" size="lg">
      <form onSubmit={submit} noValidate aria-label="New user">
        <Stack gap="sm">
          {general && (
            <Alert color="red" role="alert" title="Not created">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={values.name}
              error={errors.name}
              onChange={(event) => set('name', event.currentTarget.value)}
            />
            <TextInput
              label="Email"
              required
              type="email"
              autoComplete="off"
              value={values.email}
              error={errors.email}
              description="They sign in with it"
              onChange={(event) => set('email', event.currentTarget.value)}
            />
            <Select
              label="Firm"
              required
              searchable
              data={(firms.data?.items ?? []).map((each) => ({
                value: String(each.id),
                label: `${each.name} (${each.kind === 'vendor' ? 'vendor' : each.isDistributor ? 'distributor' : 'partner'})`,
              }))}
              value={values.firmId}
              error={errors.firmId}
              onChange={(value) => {
                const next = firms.data?.items.find((each) => String(each.id) === value);
                setMissing({});
                setValues((current) => ({
                  ...current,
                  firmId: value,
                  // A role the new firm's kind does not allow is dropped, so the choice is always valid.
                  role:
                    next && current.role && rolesByFirmKind[next.kind].includes(current.role)
                      ? current.role
                      : null,
                }));
              }}
            />
            <Select
              label="Role"
              required
              disabled={!firm}
              placeholder={firm ? 'Choose a role' : 'Choose the firm first'}
              description={
                firm
                  ? firm.kind === 'partner'
                    ? 'Partner firms have sellers and managers'
                    : 'Vendor staff: reps, reviewers and administrators'
                  : undefined
              }
              data={roleChoices.map((role) => ({ value: role, label: roleLabels[role] }))}
              value={values.role}
              error={errors.role}
              onChange={(value) => set('role', roleChoices.find((role) => role === value) ?? null)}
            />
          </SimpleGrid>
          <PasswordInput
            label="Password"
            required
            autoComplete="new-password"
            description="At least 10 characters. Give it to the person safely; they can sign in with it at once."
            value={values.password}
            error={errors.password}
            onChange={(event) => set('password', event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
