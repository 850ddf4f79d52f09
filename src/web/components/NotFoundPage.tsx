import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack gap="xs">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>
        There is nothing at this address, or you may not see it.{' '}
        <Anchor component={Link} to="/">
          Go home
        </Anchor>
      </Text>
    </Stack>
  );
}
