import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../../api/client.ts';
import { useSignIn } from '../hooks/useSession.ts';

export function SignInPage() {
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await signIn.mutateAsync({ email, password });
      navigate(from === '/sign-in' ? '/' : from, { replace: true });
    } catch {
      // The error is shown from the mutation state.
    }
  }

  const error =
    signIn.error instanceof ApiError
      ? signIn.error.message
      : signIn.error
        ? 'Could not reach the server'
        : null;

  return (
    <Center mih="100vh" bg="gray.0" px="md">
      <Paper component="main" withBorder shadow="sm" radius="md" p="xl" w={380}>
        <form onSubmit={submit} aria-label="Sign in">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2" c="blue.8">
                Partnerline
              </Title>
              <Text c="dimmed" size="sm">
                Opportunities for business partners and their vendor
              </Text>
            </div>
            {error && (
              <Alert color="red" role="alert" title="Not signed in">
                {error}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              withAsterisk={false}
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              Integrations use personal API tokens; see the{' '}
              <Anchor href="/api/docs" size="xs">
                API reference
              </Anchor>
              .
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
