import { Badge } from '@mantine/core';

const colors = { open: 'blue', won: 'green', lost: 'gray' } as const;

export function StageBadge({ label, outcome }: { label: string; outcome: 'open' | 'won' | 'lost' }) {
  return (
    // The whole label, wrapped inside the badge when its column is narrow, never cut short.
    <Badge
      size="sm"
      variant="light"
      color={colors[outcome]}
      maw="100%"
      h="auto"
      py={2}
      styles={{
        root: { textTransform: 'none' },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.25 },
      }}
    >
      {label}
    </Badge>
  );
}
