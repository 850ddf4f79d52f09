import { Anchor, Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { reportClientError } from '../api/client-errors.ts';

function detailOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`.trim();
  return String(error);
}

function ScreenErrorMessage({ error }: { error: unknown }) {
  return (
    <Stack gap="sm" maw={640} role="alert" aria-labelledby="screen-error-title">
      <Title order={1} size="h2" id="screen-error-title">
        Something went wrong on this screen
      </Title>
      <Text>
        Partnerline could not show this screen. What you saved before is safe; the problem has been reported.
        Try again, or go to Home and carry on from there.
      </Text>
      <Group gap="sm">
        <Button onClick={() => window.location.reload()}>Try again</Button>
        <Button component={Link} to="/" variant="default">
          Go to Home
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Details: {detailOf(error)}
      </Text>
    </Stack>
  );
}

/**
 * What a screen shows instead of itself when it fails (React Router's `errorElement`): a friendly
 * message and a way back, inside the app's header and navigation, and a report to the server log.
 * A failed screen never blanks the whole app.
 */
export function ScreenError() {
  const error = useRouteError();
  useEffect(() => {
    reportClientError(error);
  }, [error]);
  return <ScreenErrorMessage error={error} />;
}

/** The same, for a failure of the app's frame itself (its header could not be drawn). */
export function AppError() {
  const error = useRouteError();
  useEffect(() => {
    reportClientError(error);
  }, [error]);
  return (
    <Box>
      <Box px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Anchor component={Link} to="/" fw={700} c="blue.8" size="lg" underline="never">
          Partnerline
        </Anchor>
      </Box>
      <Center p="xl">
        <Paper p="lg" withBorder>
          <ScreenErrorMessage error={error} />
        </Paper>
      </Center>
    </Box>
  );
}
