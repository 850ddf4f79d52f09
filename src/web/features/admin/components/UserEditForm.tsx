import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type User, type UserUpdate, userSchema } from '../../../../core/contract/firms.ts';
import { type Role, roleLabels, rolesByFirmKind } from '../../../../core/roles.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { ConflictAlert } from '../../../components/ConflictAlert.tsx';
import { useFirms } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import {
  isVersionConflict,
  rebaseValues,
  type VersionConflict,
  versionConflictOf,
} from '../../../lib/version-conflict.ts';
import { useMe } from '../../auth/hooks/useSession.ts';

type Values = { name: string; role: Role };
type Action = 'details' | 'active' | 'password';

const valuesOf = (user: User): Values => ({ name: user.name, role: user.role });

/**
 * One user: change name and role, deactivate or reactivate, set a new password. Each change is
 * sent with the version the admin saw; if someone else saved first, the form says so and rebases.
 */
export function UserEditForm({ user: initial, onClose }: { user: User; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const firms = useFirms();
  const [user, setUser] = useState(initial);
  const [values, setValues] = useState(() => valuesOf(initial));
  const [password, setPassword] = useState('');
  const [confirmingDeactivation, setConfirmingDeactivation] = useState(false);
  const [conflict, setConflict] = useState<VersionConflict<User> | null>(null);
  const firmKind = firms.data?.items.find((firm) => firm.id === user.firmId)?.kind;
  const roleChoices = firmKind ? rolesByFirmKind[firmKind] : [user.role];
  const isSelf = me?.id === user.id;

  const save = useMutation({
    mutationFn: ({ body }: { action: Action; body: UserUpdate }) =>
      api.patch(`/users/${user.id}`, userSchema, body, { ifMatch: user.version }),
    onSuccess: (saved, { action }) => {
      void queryClient.invalidateQueries({ queryKey: ['/users'] });
      setConflict(null);
      setUser(saved);
      if (action === 'details') {
        setValues(valuesOf(saved));
        notifySuccess(`${saved.name} saved`);
      } else if (action === 'active') {
        setConfirmingDeactivation(false);
        notifySuccess(
          saved.isActive
            ? `${saved.name} can sign in again`
            : `${saved.name} is deactivated and was signed out everywhere`,
        );
      } else {
        setPassword('');
        notifySuccess(`New password set for ${saved.name}; their sessions have ended`);
      }
    },
    onError: (error) => {
      if (!isVersionConflict(error)) return;
      void queryClient.invalidateQueries({ queryKey: ['/users'] });
      const found = versionConflictOf(error, userSchema, user, {
        name: 'Name',
        role: 'Role',
        isActive: 'Active',
      });
      if (found?.current) {
        const theirs = found.current;
        setValues((mine) => rebaseValues(mine, valuesOf(user), valuesOf(theirs)));
        setUser(theirs);
        setConfirmingDeactivation(false);
      }
      setConflict(found ?? { current: null, changes: [] });
    },
  });
  const action = save.variables?.action;
  const errors = fieldErrorsOf(save.error);
  const general = isVersionConflict(save.error)
    ? null
    : generalErrorOf(save.error, ['name', 'role', 'password']);
  const detailsChanged = values.name !== user.name || values.role !== user.role;

  function submitDetails(event: FormEvent) {
    event.preventDefault();
    const body: UserUpdate = {};
    if (values.name !== user.name) body.name = values.name;
    if (values.role !== user.role) body.role = values.role;
    save.mutate({ action: 'details', body });
  }

  function submitPassword(event: FormEvent) {
    event.preventDefault();
    save.mutate({ action: 'password', body: { password } });
  }

  return (
    <Modal opened onClose={onClose} title={`Edit ${user.name}`} size="lg">
      <Stack gap="md">
        {conflict && <ConflictAlert what="user" conflict={conflict} />}
        {general && (
          <Alert color="red" role="alert" title="Not saved">
            {general}
          </Alert>
        )}
        <Group gap="xs">
          <Text size="sm">{user.email}</Text>
          <Text size="sm" c="dimmed">
            · {user.firmName}
          </Text>
          {user.isActive ? (
            <Badge size="sm" variant="light" color="green">
              Active
            </Badge>
          ) : (
            <Badge size="sm" variant="light" color="gray">
              Deactivated
            </Badge>
          )}
        </Group>
        <form onSubmit={submitDetails} noValidate aria-label="User details">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label="Name"
                required
                value={values.name}
                error={action === 'details' ? errors.name : undefined}
                onChange={(event) => {
                  const name = event.currentTarget.value;
                  setValues((current) => ({ ...current, name }));
                }}
              />
              <Select
                label="Role"
                required
                allowDeselect={false}
                disabled={isSelf}
                description={isSelf ? 'You cannot change your own role' : undefined}
                data={roleChoices.map((role) => ({ value: role, label: roleLabels[role] }))}
                value={values.role}
                error={action === 'details' ? errors.role : undefined}
                onChange={(value) => {
                  const role = roleChoices.find((choice) => choice === value);
                  if (role) setValues((current) => ({ ...current, role }));
                }}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button
                type="submit"
                disabled={!detailsChanged}
                loading={save.isPending && action === 'details'}
              >
                {conflict ? 'Save on top of their version' : 'Save changes'}
              </Button>
            </Group>
          </Stack>
        </form>

        <Divider />
        <Stack gap="xs">
          <Title order={3} size="h5">
            Sign-in
          </Title>
          <Text size="sm" c="dimmed">
            {user.isActive
              ? `Can sign in. Last signed in: ${user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'never'}.`
              : 'Deactivated: cannot sign in. Their opportunities, notes and history stay.'}
          </Text>
          {user.isActive ? (
            confirmingDeactivation ? (
              <Alert color="red" title={`Deactivate ${user.name}?`}>
                <Text size="sm" mb="xs">
                  They are signed out everywhere at once and cannot sign in until reactivated. Their
                  opportunities and notes stay as they are.
                </Text>
                <Group gap="xs">
                  <Button
                    color="red"
                    loading={save.isPending && action === 'active'}
                    onClick={() => save.mutate({ action: 'active', body: { isActive: false } })}
                  >
                    Deactivate
                  </Button>
                  <Button variant="default" onClick={() => setConfirmingDeactivation(false)}>
                    Keep active
                  </Button>
                </Group>
              </Alert>
            ) : (
              <Group>
                <Button
                  variant="outline"
                  color="red"
                  disabled={isSelf}
                  onClick={() => setConfirmingDeactivation(true)}
                >
                  Deactivate user…
                </Button>
                {isSelf && (
                  <Text size="xs" c="dimmed">
                    You cannot deactivate yourself.
                  </Text>
                )}
              </Group>
            )
          ) : (
            <Group>
              <Button
                variant="outline"
                loading={save.isPending && action === 'active'}
                onClick={() => save.mutate({ action: 'active', body: { isActive: true } })}
              >
                Reactivate user
              </Button>
            </Group>
          )}
        </Stack>

        <Divider />
        <form onSubmit={submitPassword} noValidate aria-label="Reset password">
          <Stack gap="xs">
            <Title order={3} size="h5">
              Reset password
            </Title>
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <PasswordInput
                label="New password"
                autoComplete="new-password"
                description="At least 10 characters; their current sessions end"
                style={{ flex: 1 }}
                value={password}
                error={action === 'password' ? errors.password : undefined}
                onChange={(event) => setPassword(event.currentTarget.value)}
              />
              <Button
                type="submit"
                mt={44}
                variant="light"
                disabled={password === ''}
                loading={save.isPending && action === 'password'}
              >
                Set password
              </Button>
            </Group>
          </Stack>
        </form>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
