import { Loader, Text, Textarea, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import classes from './InlineEditField.module.css';

export type InlineEditFieldProps = {
  /** The field's name, as the label beside it shows it. */
  label: string;
  /** The value as read (formatted money, a date…); empty shows a dash. */
  display: string;
  /** The value as it is edited. */
  text: string;
  /** False for a reader: the value is plain text, with nothing that invites a click. */
  canEdit: boolean;
  multiline?: boolean;
  type?: 'text' | 'date';
  inputMode?: 'text' | 'decimal' | 'numeric';
  /** A hint under the input while editing. */
  hint?: string;
  /** What is wrong with the text before it is sent, or null. */
  validate?: (text: string) => string | null;
  /** Saves the text; resolves to the message to show on the field when it was not saved. */
  onSave: (text: string) => Promise<string | null>;
};

/**
 * A detail edited where it is read: click it (or Enter on it) for an input; Enter or leaving the
 * field saves, Escape puts the value back. A refusal stays on the field, announced, with what was
 * typed kept. Readers see plain text.
 */
export function InlineEditField({
  label,
  display,
  text,
  canEdit,
  multiline = false,
  type = 'text',
  inputMode,
  hint,
  validate,
  onSave,
}: InlineEditFieldProps) {
  const [isEditing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const valueButton = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const returnFocus = useRef(false);
  const isBusy = useRef(false);
  const isEmpty = display === '';

  useEffect(() => {
    if (!isEditing && returnFocus.current) {
      returnFocus.current = false;
      valueButton.current?.focus();
    }
  }, [isEditing]);

  if (!canEdit) return <>{isEmpty ? '—' : display}</>;

  function start() {
    setDraft(text);
    setError(null);
    setStatus('');
    setEditing(true);
  }

  function stop(keepFocus: boolean) {
    returnFocus.current = keepFocus;
    setError(null);
    setEditing(false);
  }

  async function commit(keepFocus: boolean) {
    if (isBusy.current) return;
    if (draft === text) {
      stop(keepFocus);
      return;
    }
    const invalid = validate?.(draft) ?? null;
    if (invalid) {
      setError(invalid);
      return;
    }
    isBusy.current = true;
    setSaving(true);
    const refusal = await onSave(draft).finally(() => {
      isBusy.current = false;
      setSaving(false);
    });
    if (refusal) {
      setError(refusal);
      if (keepFocus) input.current?.focus();
      return;
    }
    setStatus(`${label} saved`);
    stop(keepFocus);
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
      event.preventDefault();
      void commit(true);
    } else if (event.key === 'Escape') {
      // Escape belongs to this field here, not to a dialog or drawer around it.
      event.preventDefault();
      event.stopPropagation();
      stop(true);
    }
  }

  const common = {
    ref: input,
    'aria-label': label,
    value: draft,
    error,
    description: hint,
    autoFocus: true,
    size: 'sm' as const,
    rightSection: isSaving ? <Loader size="xs" aria-label={`Saving ${label}`} /> : undefined,
    onKeyDown,
    onBlur: () => void commit(false),
  };
  return (
    <>
      {isEditing ? (
        multiline ? (
          <Textarea
            {...common}
            autosize
            minRows={2}
            maxRows={8}
            onChange={(event) => setDraft(event.currentTarget.value)}
          />
        ) : (
          <TextInput
            {...common}
            type={type}
            inputMode={inputMode}
            onChange={(event) => setDraft(event.currentTarget.value)}
          />
        )
      ) : (
        <UnstyledButton
          ref={valueButton}
          className={classes.value}
          // The name starts with the value as shown, so speaking what one sees finds it.
          aria-label={`${isEmpty ? 'not set' : display}, edit ${label}`}
          onClick={start}
        >
          <Text component="span" size="sm" className={classes.text}>
            {isEmpty ? '—' : display}
          </Text>
          <span className={classes.pencil} aria-hidden="true">
            ✎
          </span>
        </UnstyledButton>
      )}
      <VisuallyHidden role="status">{status}</VisuallyHidden>
    </>
  );
}
