import { Anchor, Box, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useIsPhone } from '../hooks/useIsPhone.ts';

type RecordHeaderProps = {
  crumbs: { label: string; to: string }[];
  title: string;
  subtitle?: ReactNode;
  star?: ReactNode;
  badges?: ReactNode;
  actions?: ReactNode;
};

/** The top of an overview screen: where you are, what it is, what you can do. */
export function RecordHeader({ crumbs, title, subtitle, star, badges, actions }: RecordHeaderProps) {
  return (
    <Stack gap={4}>
      <Breadcrumbs separator="›" fz="xs">
        {crumbs.map((crumb) => (
          <Anchor key={crumb.to} component={Link} to={crumb.to} size="xs">
            {crumb.label}
          </Anchor>
        ))}
      </Breadcrumbs>
      {/* On a narrow screen the actions move below the title, and the badges below a long title. */}
      <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
        <Stack gap={2} miw={0} style={{ flex: '1 1 20rem' }}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            {/* The star beside the title's first line, however many lines a long title takes. */}
            {star && <Box pt={{ base: 0, sm: 4 }}>{star}</Box>}
            <Group gap="xs" wrap="wrap" miw={0}>
              <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
                {title}
              </Title>
              {badges}
            </Group>
          </Group>
          {subtitle && (
            <Text size="sm" c="dimmed" component="div">
              {subtitle}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="wrap">
          {actions}
        </Group>
      </Group>
    </Stack>
  );
}

/** Label/value pairs of a record's details. */
export function DetailList({ items }: { items: { label: string; value: ReactNode }[] }) {
  // Two columns even on a phone: the values are short, and a single column makes a long scroll.
  const isPhone = useIsPhone();
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(auto-fill, minmax(${isPhone ? 150 : 220}px, 1fr))`,
        overflowWrap: 'anywhere',
        gap: '8px 24px',
        margin: 0,
      }}
    >
      {items.map((item) => (
        <div key={item.label}>
          <Text component="dt" size="xs" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
          </Text>
        </div>
      ))}
    </dl>
  );
}
