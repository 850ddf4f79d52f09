import { ActionIcon, Badge, Collapse, Group, Paper, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { type ReactNode, useCallback } from 'react';
import { useSearchParams } from 'react-router';
import classes from './SubPanel.module.css';

/** Which sub-panels are open lives in the URL (`open=contacts,opportunities`), so a reload keeps them. */
export function useOpenPanels(defaults: string[]): {
  isOpen(id: string): boolean;
  toggle(id: string): void;
  open(id: string): void;
} {
  const [params, setParams] = useSearchParams();
  const current = params.has('open') ? (params.get('open') ?? '').split(',').filter(Boolean) : defaults;
  const write = useCallback(
    (next: string[]) =>
      setParams(
        (previous) => {
          const updated = new URLSearchParams(previous);
          updated.set('open', next.join(','));
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return {
    isOpen: (id) => current.includes(id),
    toggle: (id) => write(current.includes(id) ? current.filter((each) => each !== id) : [...current, id]),
    open: (id) => {
      if (!current.includes(id)) write([...current, id]);
    },
  };
}

type SubPanelProps = {
  id: string;
  title: string;
  count?: number | undefined;
  isOpen: boolean;
  onToggle: () => void;
  /** The + of SPEC §8: create the related record already linked. */
  onAdd?: (() => void) | undefined;
  addLabel?: string;
  actions?: ReactNode;
  children: ReactNode;
};

/** A "drawer" of an overview screen: a sub-panel that expands in place. */
export function SubPanel({
  id,
  title,
  count,
  isOpen,
  onToggle,
  onAdd,
  addLabel,
  actions,
  children,
}: SubPanelProps) {
  const contentId = `panel-${id}`;
  return (
    <Paper
      withBorder
      radius="sm"
      component="section"
      aria-labelledby={`${contentId}-title`}
      className={classes.panel}
    >
      <Group justify="space-between" wrap="nowrap" className={classes.header}>
        <UnstyledButton
          onClick={onToggle}
          aria-expanded={isOpen}
          aria-controls={contentId}
          className={classes.toggle}
          id={`${contentId}-title`}
        >
          <Group gap="xs" wrap="nowrap">
            <span aria-hidden="true" className={classes.chevron} data-open={isOpen || undefined}>
              ▸
            </span>
            <Text fw={600} size="sm">
              {title}
            </Text>
            {count !== undefined && (
              <Badge size="sm" variant="light" color="gray">
                {count}
              </Badge>
            )}
          </Group>
        </UnstyledButton>
        <Group gap={4} wrap="nowrap">
          {actions}
          {onAdd && (
            <Tooltip label={addLabel ?? `Add to ${title}`}>
              <ActionIcon
                variant="light"
                size="md"
                aria-label={addLabel ?? `Add to ${title}`}
                onClick={onAdd}
              >
                <span aria-hidden="true" style={{ fontSize: 18, lineHeight: 1 }}>
                  +
                </span>
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Collapse expanded={isOpen} id={contentId}>
        <div className={classes.body}>{children}</div>
      </Collapse>
    </Paper>
  );
}
