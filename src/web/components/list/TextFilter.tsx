import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';

type TextFilterProps = Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> & {
  /** The value as the address has it. */
  value: string;
  /** Applied while typing, after a short pause (not only when the field loses the focus). */
  onApply: (value: string) => void;
  /** Whether the typed text already stands for the address's value (e.g. "1,5" for 1.5); equal text by default. */
  matches?: (text: string, value: string) => boolean;
};

/** A typed filter of a list: the list follows the typing after a pause; a change of address updates it. */
export function TextFilter({ value, onApply, matches, ...props }: TextFilterProps) {
  const [text, setText] = useState(value);
  const apply = useDebouncedCallback(onApply, 300);
  const matchesRef = useRef(matches);
  matchesRef.current = matches;
  useEffect(() => {
    setText((current) => {
      const same = matchesRef.current ? matchesRef.current(current, value) : current.trim() === value;
      return same ? current : value;
    });
  }, [value]);
  return (
    <TextInput
      {...props}
      value={text}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        apply(next);
      }}
    />
  );
}
