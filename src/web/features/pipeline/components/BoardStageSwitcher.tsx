import { ActionIcon, Group, NativeSelect } from '@mantine/core';
import type { Board } from '../../../../core/contract/reports.ts';

/** The switcher's key for the closed summaries, which a phone shows as one more "stage". */
export const closedColumnKey = 'closed';

type BoardStageSwitcherProps = {
  board: Board;
  value: string;
  onChange: (column: string) => void;
};

/**
 * On a phone the board shows one stage at a time: this chooses which, from the phone's own picker
 * (each stage with its count) or step by step with the arrows beside it.
 */
export function BoardStageSwitcher({ board, value, onChange }: BoardStageSwitcherProps) {
  const closedCount = board.closed.reduce((sum, summary) => sum + summary.count, 0);
  const options = [
    ...board.columns.map((column) => ({ value: column.stage, label: `${column.label} (${column.count})` })),
    { value: closedColumnKey, label: `Closed (${closedCount})` },
  ];
  const index = options.findIndex((option) => option.value === value);
  const step = (by: number) => {
    const next = options[index + by];
    if (next) onChange(next.value);
  };
  return (
    <Group gap="xs" wrap="nowrap" role="group" aria-label="Stage shown">
      <ActionIcon
        variant="default"
        size={44}
        aria-label="Previous stage"
        disabled={index <= 0}
        onClick={() => step(-1)}
      >
        <span aria-hidden="true" style={{ fontSize: 24, lineHeight: 1 }}>
          ‹
        </span>
      </ActionIcon>
      <NativeSelect
        aria-label="Stage"
        size="md"
        style={{ flex: 1, minWidth: 0 }}
        value={value}
        data={options}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      <ActionIcon
        variant="default"
        size={44}
        aria-label="Next stage"
        disabled={index >= options.length - 1}
        onClick={() => step(1)}
      >
        <span aria-hidden="true" style={{ fontSize: 24, lineHeight: 1 }}>
          ›
        </span>
      </ActionIcon>
    </Group>
  );
}
