import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

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
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs" wrap="nowrap">
            {star}
            <Title order={1} size="h2">
              {title}
            </Title>
            {badges}
          </Group>
          {subtitle && (
            <Text size="sm" c="dimmed" component="div">
              {subtitle}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {actions}
        </Group>
      </Group>
    </Stack>
  );
}

/** Label/value pairs of a record's details. */
export function DetailList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
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
