import { Badge, Card, Group, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

type HomeSectionProps = {
  id: string;
  title: string;
  count?: number | undefined;
  /** Links or controls on the right of the heading ("Show all", "Mark all read"). */
  actions?: ReactNode;
  children: ReactNode;
};

/** One block of Home: a section labelled by its heading, with an optional count and actions. */
export function HomeSection({ id, title, count, actions, children }: HomeSectionProps) {
  const headingId = `${id}-heading`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      {/* On a phone a long heading and its actions take a line each rather than squeezing each other. */}
      <Group justify="space-between" align="center" mb="sm" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {count !== undefined && (
            <Badge variant="light" color="gray" size="md" style={{ flexShrink: 0 }}>
              <span aria-hidden="true">{count}</span>
              <VisuallyHidden>{count} in all</VisuallyHidden>
            </Badge>
          )}
        </Group>
        {actions && (
          <Group gap="xs" wrap="nowrap">
            {actions}
          </Group>
        )}
      </Group>
      {children}
    </Card>
  );
}
