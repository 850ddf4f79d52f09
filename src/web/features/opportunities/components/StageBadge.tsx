import { Badge } from '@mantine/core';

const colors = { open: 'blue', won: 'green', lost: 'gray' } as const;

export function StageBadge({ label, outcome }: { label: string; outcome: 'open' | 'won' | 'lost' }) {
  return (
    <Badge size="sm" variant="light" color={colors[outcome]} style={{ textTransform: 'none' }}>
      {label}
    </Badge>
  );
}
