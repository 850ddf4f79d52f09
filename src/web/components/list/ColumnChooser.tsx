import { Button, Checkbox, Menu, Stack } from '@mantine/core';

type ColumnChooserProps = {
  all: { key: string; label: string }[];
  chosen: string[];
  onChange: (columns: string[]) => void;
};

/** Pick which columns the list shows; the choice is part of the URL. */
export function ColumnChooser({ all, chosen, onChange }: ColumnChooserProps) {
  return (
    <Menu closeOnItemClick={false} position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs">
          Columns
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={6} p={6} role="group" aria-label="Columns shown">
          {all.map((column) => (
            <Checkbox
              key={column.key}
              size="xs"
              label={column.label}
              checked={chosen.includes(column.key)}
              onChange={(event) => {
                const next = event.currentTarget.checked
                  ? all.map((each) => each.key).filter((key) => key === column.key || chosen.includes(key))
                  : chosen.filter((key) => key !== column.key);
                if (next.length > 0) onChange(next);
              }}
            />
          ))}
        </Stack>
      </Menu.Dropdown>
    </Menu>
  );
}
