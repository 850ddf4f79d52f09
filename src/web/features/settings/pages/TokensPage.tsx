import {
  Alert,
  Badge,
  Button,
  Center,
  Code,
  CopyButton,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type ApiToken, apiTokenListSchema, createdTokenSchema } from '../../../../core/contract/auth.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format.ts';

const tokensKey = ['me', 'tokens'] as const;

function TokenStatus({ token }: { token: ApiToken }) {
  if (token.revokedAt) {
    return (
      <Badge size="sm" variant="light" color="red">
        Revoked
      </Badge>
    );
  }
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) {
    return (
      <Badge size="sm" variant="light" color="gray">
        Expired
      </Badge>
    );
  }
  return (
    <Badge size="sm" variant="light" color="green">
      Active
    </Badge>
  );
}

/** The secret of a token just created: shown once, to copy, with a plain warning (SPEC §9 personal API tokens). */
function NewTokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <Alert color="yellow" title={`Copy your new token “${name}” now`} role="status">
      <Stack gap="xs">
        <Text size="sm">
          This is the only time Partnerline shows it: it keeps only a fingerprint, so nobody can show it to
          you again. Store it in a password manager or your integration's secret store. If you lose it, revoke
          it and create another.
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label="New API token"
            readOnly
            value={secret}
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={secret} timeout={3000}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : 'blue'} onClick={copy} miw={120}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          Use it as <Code>Authorization: Bearer &lt;token&gt;</Code> on requests to <Code>/api/v1</Code>.
        </Text>
        <Group>
          <Button variant="default" size="xs" onClick={onDone}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Personal API tokens: create one for an integration, see which are in use, revoke those no longer needed. */
export function TokensPage() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expiresInDays, setExpiresInDays] = useState<number | string>('');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => api.get('/me/tokens', apiTokenListSchema) });
  const create = useMutation({
    mutationFn: () =>
      api.post('/me/tokens', createdTokenSchema, {
        name,
        ...(expiresInDays !== '' && { expiresInDays: Number(expiresInDays) }),
      }),
    onSuccess: (token) => {
      setCreated({ name: token.name, secret: token.token });
      setName('');
      setExpiresInDays('');
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.delete(`/me/tokens/${token.id}`),
    onSuccess: (_nothing, token) => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: tokensKey });
      notifySuccess(`“${token.name}” no longer works`, 'Token revoked');
    },
    onError: (error) => notifyError(error, 'The token was not revoked'),
  });
  const errors = fieldErrorsOf(create.error);
  const general = generalErrorOf(create.error, ['name', 'expiresInDays']);
  const items = tokens.data?.items ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={1} size="h2">
          API tokens
        </Title>
        <Text c="dimmed" size="sm" maw={760}>
          A personal API token lets a script or an integration use the Partnerline API as you, with exactly
          your access. Treat it like a password. See the <a href="/api/docs">API reference</a> for what it can
          call.
        </Text>
      </div>

      {created && (
        <NewTokenSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
      )}

      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label="Create a token">
        <Stack gap="xs">
          <Title order={2} size="h5">
            Create a token
          </Title>
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <TextInput
              label="Name"
              required
              placeholder="What it is for, e.g. Nightly CRM sync"
              style={{ flex: 1 }}
              maxLength={100}
              value={name}
              error={errors.name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <NumberInput
              label="Expires after (days)"
              placeholder="Never"
              description="Empty: never expires"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              min={1}
              max={3650}
              allowDecimal={false}
              w={200}
              value={expiresInDays}
              error={errors.expiresInDays}
              onChange={setExpiresInDays}
            />
            <Button type="submit" mt={25} loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </Stack>
      </Paper>

      <section aria-labelledby="tokens-heading">
        <Title order={2} size="h5" id="tokens-heading" mb="xs">
          Your tokens
        </Title>
        <Paper withBorder>
          {tokens.isLoading ? (
            <Center p="lg">
              <Loader size="sm" aria-label="Loading tokens" />
            </Center>
          ) : items.length === 0 ? (
            <Center p="lg">
              <Text size="sm" c="dimmed">
                You have no API tokens. Create one above when an integration needs it.
              </Text>
            </Center>
          ) : (
            <TableScroll label="API tokens" minWidth={860}>
              <Table verticalSpacing={6} aria-label="API tokens">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Starts with</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((token) => (
                    <Table.Tr key={token.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {token.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Code>{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(token.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {token.lastUsedAt ? (
                          <Text size="sm" title={formatDateTime(token.lastUsedAt)}>
                            {formatRelative(token.lastUsedAt)}
                          </Text>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Never
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={token.expiresAt ? undefined : 'dimmed'}>
                          {token.expiresAt ? formatDate(token.expiresAt) : 'Never'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <TokenStatus token={token} />
                          {token.revokedAt && (
                            <Text size="xs" c="dimmed">
                              {formatDate(token.revokedAt)}
                            </Text>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">
                        {!token.revokedAt && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Revoke ${token.name}`}
                            onClick={() => setRevoking(token)}
                          >
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Paper>
      </section>

      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={revoking ? `Revoke “${revoking.name}”?` : ''}
      >
        <Stack gap="sm">
          <Text size="sm">
            Anything that uses this token stops working at once, and it cannot be turned back on. Create a new
            token if the integration still needs access.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => revoking && revoke.mutate(revoking)}
            >
              Revoke token
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
