import { Alert, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeMissing, type MissingRequirement } from '../lib/stage-refusal.ts';

type GateRefusalProps = {
  missing: MissingRequirement[];
  stages: readonly { code: string; label: string }[];
  title?: string;
  /** What the person can do about it, e.g. a link to the opportunity. */
  footer?: ReactNode;
  onClose?: () => void;
};

/** A refused stage move: exactly what each gate still needs (SPEC §3), in the catalog's own words. */
export function GateRefusal({
  missing,
  stages,
  title = 'The stage was not changed',
  footer,
  onClose,
}: GateRefusalProps) {
  return (
    <Alert
      color="orange"
      title={title}
      role="alert"
      {...(onClose && { withCloseButton: true, onClose, closeButtonLabel: 'Dismiss' })}
    >
      {missing.length > 0 ? (
        <List size="sm">
          {missing.map((item) => (
            <List.Item key={`${item.stage}-${item.requirement}`}>{describeMissing(item, stages)}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">A requirement of the stage is not met.</Text>
      )}
      {footer}
    </Alert>
  );
}
