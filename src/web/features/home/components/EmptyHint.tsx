import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** An empty section that says what to do to fill it. */
export function EmptyHint({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}
