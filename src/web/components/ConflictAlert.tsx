import { Alert, List, Text } from '@mantine/core';
import type { VersionConflict } from '../lib/version-conflict.ts';

/** Tells the user that someone else saved first, what they changed, and what happens to their own edits. */
export function ConflictAlert({
  what,
  title,
  conflict,
}: {
  /** "firm", "user"…: names the record in the standard title. */
  what?: string;
  title?: string;
  conflict: VersionConflict<unknown>;
}) {
  return (
    <Alert
      color="orange"
      role="alert"
      title={title ?? `Someone else changed this ${what ?? 'record'} while you were editing`}
    >
      {conflict.changes.length > 0 && (
        <List size="sm" mb="xs">
          {conflict.changes.map((change) => (
            <List.Item key={change}>{change}</List.Item>
          ))}
        </List>
      )}
      <Text size="sm">
        Nothing of yours was saved yet. The form now shows their version with your own changes on top: check
        it and save again, or cancel to keep theirs.
      </Text>
    </Alert>
  );
}
