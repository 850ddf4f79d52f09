import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type PickerOption = { value: string; label: string };

type RecordPickerProps = Omit<
  SelectProps,
  'data' | 'onChange' | 'value' | 'searchValue' | 'onSearchChange'
> & {
  /** Finds options for what the person typed. */
  search: (text: string) => Promise<PickerOption[]>;
  /** A key naming what is searched, for caching. */
  queryKey: string;
  value: string | null;
  /** The label of the current value, so it shows before any search. */
  selectedLabel?: string | null;
  onChange: (value: string | null, option: PickerOption | null) => void;
};

/** A searchable picker over a list API (clients, contacts, users, products). */
export function RecordPicker({
  search,
  queryKey,
  value,
  selectedLabel,
  onChange,
  ...props
}: RecordPickerProps) {
  const [text, setText] = useState(value && selectedLabel ? selectedLabel : '');
  // The label of a value given from outside (a reloaded address) may arrive after the first draw:
  // the field then shows it, unless the person has started typing.
  useEffect(() => {
    if (value && selectedLabel) setText((current) => (current === '' ? selectedLabel : current));
  }, [value, selectedLabel]);
  const [debounced] = useDebouncedValue(text, 200);
  const options = useQuery({
    queryKey: ['picker', queryKey, debounced],
    queryFn: () => search(debounced),
    staleTime: 30_000,
  });
  const data = [...(options.data ?? [])];
  if (value && selectedLabel && !data.some((option) => option.value === value))
    data.unshift({ value, label: selectedLabel });
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'Nothing found'}
      filter={({ options: all }) => all}
      rightSection={options.isFetching ? <Loader size={14} /> : undefined}
      {...props}
      data={data}
      value={value}
      searchValue={text}
      onSearchChange={setText}
      onChange={(next) => onChange(next, data.find((option) => option.value === next) ?? null)}
    />
  );
}
