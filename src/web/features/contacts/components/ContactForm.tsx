import { Alert, Button, Group, Modal, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { clientPageSchema } from '../../../../core/contract/clients.ts';
import { type Contact, contactSchema } from '../../../../core/contract/contacts.ts';
import { api } from '../../../api/client.ts';
import { RecordPicker } from '../../../components/RecordPicker.tsx';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';

type ContactFormProps = {
  opened: boolean;
  onClose: () => void;
  contact?: Contact;
  /** The client a new contact belongs to; without it, the form asks for one. */
  clientId?: number;
  clientName?: string;
  onSaved: (contact: Contact) => void;
};

const fields = ['firstName', 'lastName', 'title', 'department', 'email', 'phone', 'mobile', 'notes'] as const;
type Field = (typeof fields)[number];

export function ContactForm({ opened, onClose, contact, clientId, clientName, onSaved }: ContactFormProps) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>(
    () => Object.fromEntries(fields.map((field) => [field, contact?.[field] ?? ''])) as Record<Field, string>,
  );
  // The value is read from the input while its change event is handled and passed in as a plain
  // string: the updater runs later, when React has already cleared the event's currentTarget.
  const set = (field: Field, value: string) => setValues((current) => ({ ...current, [field]: value }));
  const [chosenClient, setChosenClient] = useState<{ id: number; name: string } | null>(null);
  const asksForClient = !contact && clientId === undefined;
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      for (const field of fields) {
        const value = values[field].trim();
        if (contact ? value !== (contact[field] ?? '') : value !== '') body[field] = value;
      }
      if (contact)
        return api.patch(`/contacts/${contact.id}`, contactSchema, body, { ifMatch: contact.version });
      return api.post('/contacts', contactSchema, {
        ...body,
        ...((clientId ?? chosenClient?.id) !== undefined && { clientId: clientId ?? chosenClient?.id }),
      });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['/contacts'] });
      queryClient.setQueryData(['contact', saved.id], saved);
      onSaved(saved);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const general = generalErrorOf(save.error, [...fields, ...(asksForClient ? ['clientId'] : [])]);
  const input = (field: Field, label: string, required = false, type = 'text') => (
    <TextInput
      label={label}
      type={type}
      required={required}
      value={values[field]}
      error={errors[field]}
      onChange={(event) => set(field, event.currentTarget.value)}
    />
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const title = contact
    ? `Edit ${contact.fullName}`
    : `New BPContact${clientName ? ` at ${clientName}` : ''}`;
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          {asksForClient && (
            <RecordPicker
              label="Client"
              required
              placeholder="Type a client's name"
              queryKey="contact-form-client"
              value={chosenClient ? String(chosenClient.id) : null}
              selectedLabel={chosenClient?.name ?? null}
              error={errors.clientId}
              search={async (text) =>
                (
                  await api.get('/clients', clientPageSchema, { query: { q: text || undefined, limit: 20 } })
                ).items.map((client) => ({ value: String(client.id), label: client.name }))
              }
              onChange={(value, option) =>
                setChosenClient(value && option ? { id: Number(value), name: option.label } : null)
              }
            />
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            {input('firstName', 'First name')}
            {input('lastName', 'Last name', true)}
            {input('title', 'Title')}
            {input('department', 'Department')}
            {input('email', 'Email', false, 'email')}
            {input('phone', 'Phone')}
            {input('mobile', 'Mobile')}
          </SimpleGrid>
          <Textarea
            label="Notes"
            autosize
            minRows={2}
            value={values.notes}
            error={errors.notes}
            onChange={(event) => set('notes', event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {contact ? 'Save' : 'Create BPContact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
