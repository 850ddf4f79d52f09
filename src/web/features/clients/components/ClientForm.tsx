import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Client, clientSchema } from '../../../../core/contract/clients.ts';
import { api } from '../../../api/client.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';

type ClientFormProps = {
  opened: boolean;
  onClose: () => void;
  /** Editing this client; creating a new one when absent. */
  client?: Client;
  parentClientId?: number;
  onSaved: (client: Client) => void;
};

const fields = [
  'name',
  'clientNumber',
  'industry',
  'website',
  'phone',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'country',
  'employees',
  'description',
] as const;
type Field = (typeof fields)[number];

function initialValues(client?: Client): Record<Field, string> {
  return Object.fromEntries(
    fields.map((field) => [
      field,
      client?.[field] === null || client?.[field] === undefined ? '' : String(client[field]),
    ]),
  ) as Record<Field, string>;
}

/** Create or edit a client; every field the server refuses shows its message in place. */
export function ClientForm({ opened, onClose, client, parentClientId, onSaved }: ClientFormProps) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => initialValues(client));
  // The value is read from the input while its change event is handled and passed in as a plain
  // string: the updater runs later, when React has already cleared the event's currentTarget.
  const set = (field: Field, value: string) => setValues((current) => ({ ...current, [field]: value }));
  const save = useMutation({
    mutationFn: async () => {
      const body: Record<string, unknown> = {};
      for (const field of fields) {
        const value = values[field].trim();
        if (field === 'employees') {
          if (value !== '' || client?.employees != null) body.employees = value === '' ? null : Number(value);
          continue;
        }
        if (field === 'clientNumber' && value === '') continue;
        if (client ? value !== (client[field] ?? '') : value !== '') body[field] = value;
      }
      if (!client && parentClientId) body.parentClientId = parentClientId;
      return client
        ? api.patch(`/clients/${client.id}`, clientSchema, body, { ifMatch: client.version })
        : api.post('/clients', clientSchema, body);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['/clients'] });
      queryClient.setQueryData(['client', saved.id], saved);
      onSaved(saved);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const general = generalErrorOf(save.error, fields);
  const input = (field: Field, label: string, props: { required?: boolean; placeholder?: string } = {}) => (
    <TextInput
      label={label}
      value={values[field]}
      error={errors[field]}
      onChange={(event) => set(field, event.currentTarget.value)}
      {...props}
    />
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={client ? `Edit ${client.name}` : 'New client'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            {input('name', 'Name', { required: true })}
            {input('clientNumber', 'Client number', {
              placeholder: client ? '' : 'Assigned when left empty',
            })}
            {input('industry', 'Industry')}
            {input('website', 'Website')}
            {input('phone', 'Phone')}
            <NumberInput
              label="Employees"
              min={0}
              allowDecimal={false}
              value={values.employees === '' ? '' : Number(values.employees)}
              error={errors.employees}
              onChange={(value) => set('employees', value === '' ? '' : String(value))}
            />
            {input('addressLine1', 'Address')}
            {input('addressLine2', 'Address line 2')}
            {input('city', 'City')}
            {input('region', 'Region')}
            {input('postalCode', 'Postal code')}
            {input('country', 'Country')}
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={values.description}
            error={errors.description}
            onChange={(event) => set('description', event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {client ? 'Save' : 'Create client'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
