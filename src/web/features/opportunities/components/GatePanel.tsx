import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  List,
  Loader,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { contactPageSchema } from '../../../../core/contract/contacts.ts';
import type { LineItem } from '../../../../core/contract/line-items.ts';
import type { Opportunity, OpportunityOverview } from '../../../../core/contract/opportunities.ts';
import { formatMoney, moneyInputError, parseDecimalMinor } from '../../../../core/money.ts';
import { gateWorkFor, type StageDefinition } from '../../../../core/stages.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { useAutofocus } from '../../../hooks/useAutofocus.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useCurrencyExponent } from '../../../hooks/useReferenceData.ts';
import { overviewKey, useOpportunityOverview } from '../hooks/useOpportunity.ts';
import { type GateAnswers, GateSaveError, saveAnswersAndMove } from '../lib/satisfy-gate.ts';
import { describeMissing, type MissingRequirement, missingRequirementsOf } from '../lib/stage-refusal.ts';

export type GatePanelTarget = {
  opportunityId: number;
  stage: StageDefinition;
  /** Whose stage changes, e.g. "OPP-2026-000123 Datacenter refresh", when the screen does not say. */
  subject?: string;
};

type GatePanelProps = {
  target: GatePanelTarget | null;
  stages: readonly StageDefinition[];
  onClose: () => void;
  onMoved?: (opportunity: Opportunity) => void;
};

/**
 * A stage whose gate is not met (SPEC §3), satisfied where the person stands: the panel asks for
 * exactly what the server's readiness says is missing (primary BPContact, the price and date of the
 * open lines that lack them, a first line), saves it through the usual endpoints and moves the deal.
 * Which fields to ask for comes from the core's `gateWorkFor`, over the server's `missing` list.
 */
export function GatePanel({ target, stages, onClose, onMoved }: GatePanelProps) {
  const isPhone = useIsPhone();
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      fullScreen={isPhone}
      size="lg"
      title={target ? `Move to ${target.stage.label}` : ''}
    >
      {target && (
        <GatePanelBody
          key={`${target.opportunityId}-${target.stage.code}`}
          target={target}
          stages={stages}
          onClose={onClose}
          onMoved={onMoved}
        />
      )}
    </Modal>
  );
}

function GatePanelBody({ target, stages, onClose, onMoved }: GatePanelProps & { target: GatePanelTarget }) {
  const overview = useOpportunityOverview(target.opportunityId);
  if (overview.isError) {
    return (
      <Alert color="red" role="alert">
        {overview.error.message}
      </Alert>
    );
  }
  if (!overview.data) {
    return (
      <Center h={120}>
        <Loader aria-label="Loading what the stage needs" />
      </Center>
    );
  }
  return (
    <GateForm target={target} stages={stages} overview={overview.data} onClose={onClose} onMoved={onMoved} />
  );
}

type LineAnswer = { price: string; date: string | null };

function lineLabel(line: LineItem, index: number): string {
  return line.description ?? line.productLabel ?? `Line ${index + 1}`;
}

function GateForm({
  target,
  stages,
  overview,
  onClose,
  onMoved,
}: Omit<GatePanelProps, 'target'> & { target: GatePanelTarget; overview: OpportunityOverview }) {
  const queryClient = useQueryClient();
  const isPhone = useIsPhone();
  const { opportunity, lineItems, contacts } = overview;
  const exponent = useCurrencyExponent()(opportunity.currency);
  /** A unit price the gate needs: empty or zero asks for one; what core cannot read says why. */
  const priceError = (text: string, price: number | null): string | null => {
    if (price !== null && price > 0) return null;
    const unreadable = text.trim() === '' ? null : moneyInputError(text, opportunity.currency, exponent);
    return unreadable ? `Unit price ${unreadable}` : 'Enter a unit price above zero';
  };
  const missing: MissingRequirement[] =
    overview.readiness.find((item) => item.stage === target.stage.code)?.missing ?? [];
  const work = gateWorkFor(missing, lineItems);
  const formRef = useRef<HTMLFormElement>(null);
  // The keyboard starts on the first missing field (data-autofocus), not on the panel's close button;
  // the Modal's focus trap may have opened before the form was drawn, so it is focused once drawn too.
  const firstGapLine = work.lines.find((gap) => lineItems[gap.index] !== undefined);
  const firstField = work.primaryContact
    ? 'contact'
    : work.decisionDate
      ? 'decisionDate'
      : firstGapLine
        ? firstGapLine.needsPrice
          ? `price-${lineItems[firstGapLine.index]!.id}`
          : `date-${lineItems[firstGapLine.index]!.id}`
        : work.newLine
          ? 'newDescription'
          : null;
  const autofocus = (field: string) => (firstField === field ? { 'data-autofocus': true } : {});
  const clientContacts = useQuery({
    queryKey: ['/contacts', { clientId: String(opportunity.clientId) }],
    queryFn: () =>
      api.get('/contacts', contactPageSchema, { query: { clientId: opportunity.clientId, limit: 200 } }),
    enabled: work.primaryContact,
  });
  const [contactId, setContactId] = useState<string | null>(null);
  const [isNewContact, setNewContact] = useState(false);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [decisionDate, setDecisionDate] = useState<string | null>(opportunity.decisionDate);
  const [lineAnswers, setLineAnswers] = useState<Record<number, LineAnswer>>({});
  const [newLine, setNewLine] = useState({
    description: '',
    quantity: '1',
    price: '',
    date: opportunity.decisionDate as string | null,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A field's complaint goes once the person changes it.
  const clearError = (key: string) =>
    setErrors((current) => {
      if (!(key in current)) return current;
      const { [key]: _cleared, ...rest } = current;
      return rest;
    });
  const [failure, setFailure] = useState<GateSaveError | null>(null);
  const [isSaving, setSaving] = useState(false);

  const linked = contacts.map((contact) => ({ value: String(contact.contactId), label: contact.fullName }));
  const others = (clientContacts.data?.items ?? [])
    .filter((contact) => !contacts.some((each) => each.contactId === contact.id))
    .map((contact) => ({ value: String(contact.id), label: contact.fullName }));
  const contactOptions = [
    ...(linked.length > 0 ? [{ group: 'On this opportunity', items: linked }] : []),
    ...(others.length > 0 ? [{ group: `Other BPContacts of ${opportunity.clientName}`, items: others }] : []),
  ];
  const hasNoContacts = linked.length === 0 && others.length === 0 && clientContacts.isSuccess;
  const showNewContact = isNewContact || hasNoContacts;
  // The first missing field may appear only once the client's BPContacts are known (none: a new one
  // is asked for), or when the person switches between choosing and adding one.
  useAutofocus(formRef, showNewContact);

  const answerOf = (line: LineItem): LineAnswer =>
    lineAnswers[line.id] ?? {
      price: '',
      date: line.decisionDate ?? opportunity.decisionDate,
    };
  const setLine = (line: LineItem, change: Partial<LineAnswer>) =>
    setLineAnswers((current) => ({ ...current, [line.id]: { ...answerOf(line), ...change } }));

  function collect(): GateAnswers | null {
    const found: Record<string, string> = {};
    const answers: GateAnswers = {
      opportunityId: opportunity.id,
      version: opportunity.version,
      stage: target.stage.code,
      clientId: opportunity.clientId,
      primaryContact: null,
      decisionDate: null,
      lines: [],
      newLine: null,
    };
    if (work.primaryContact) {
      if (showNewContact) {
        if (!lastName.trim()) found.lastName = 'Enter the BPContact’s last name';
        else
          answers.primaryContact = { newContact: { firstName: firstName.trim(), lastName: lastName.trim() } };
      } else if (!contactId) {
        found.contact = 'Choose the primary BPContact';
      } else {
        const name = [...linked, ...others].find((option) => option.value === contactId)?.label ?? '';
        answers.primaryContact = { id: Number(contactId), name };
      }
    }
    if (work.decisionDate) {
      if (!decisionDate) found.decisionDate = 'Choose the decision date';
      else answers.decisionDate = decisionDate;
    }
    for (const gap of work.lines) {
      const line = lineItems[gap.index];
      if (!line) continue;
      const answer = answerOf(line);
      const entry: GateAnswers['lines'][number] = {
        id: line.id,
        version: line.version,
        label: lineLabel(line, gap.index),
      };
      if (gap.needsPrice) {
        const price = parseDecimalMinor(answer.price, exponent);
        const unreadable = priceError(answer.price, price);
        if (unreadable) found[`price-${line.id}`] = unreadable;
        else if (price !== null) entry.unitPriceMinor = price;
      }
      if (gap.needsDate) {
        if (!answer.date) found[`date-${line.id}`] = 'Choose the line’s decision date';
        else entry.decisionDate = answer.date;
      }
      answers.lines.push(entry);
    }
    if (work.newLine) {
      const price = parseDecimalMinor(newLine.price, exponent);
      const quantity = Number(newLine.quantity.replace(',', '.'));
      if (!newLine.description.trim()) found.newDescription = 'Describe what is sold';
      if (!Number.isFinite(quantity) || quantity <= 0) found.newQuantity = 'Enter a quantity above zero';
      const unreadable = priceError(newLine.price, price);
      if (unreadable) found.newPrice = unreadable;
      if (work.newLine.needsDate && !newLine.date) found.newDate = 'Choose the line’s decision date';
      if (price !== null && price > 0 && quantity > 0 && newLine.description.trim()) {
        answers.newLine = {
          description: newLine.description.trim(),
          quantity,
          unitPriceMinor: price,
          decisionDate: newLine.date,
        };
      }
    }
    setErrors(found);
    return Object.keys(found).length > 0 ? null : answers;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answers = collect();
    if (!answers) return;
    setSaving(true);
    setFailure(null);
    try {
      const moved = await saveAnswersAndMove(answers);
      notifySuccess(`${moved.number} moved to ${target.stage.label}`);
      onMoved?.(moved);
      onClose();
    } catch (error) {
      if (error instanceof GateSaveError) setFailure(error);
      else throw error;
    } finally {
      setSaving(false);
      // Whatever was saved shows everywhere, and the panel asks again for what is still missing.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: overviewKey(opportunity.id) }),
        queryClient.invalidateQueries({ queryKey: ['board'] }),
        queryClient.invalidateQueries({ queryKey: ['home'] }),
        queryClient.invalidateQueries({ queryKey: ['/opportunities'] }),
        queryClient.invalidateQueries({ queryKey: [`/opportunities/${opportunity.id}`] }),
      ]);
    }
  }

  const refusedMissing = failure ? missingRequirementsOf(failure.cause) : null;
  const nothingToFill =
    !work.primaryContact && !work.decisionDate && work.lines.length === 0 && work.newLine === null;

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm">
          {target.subject ?? `${opportunity.number} ${opportunity.name}`}
          {' · '}now in {opportunity.stageLabel}
        </Text>
        {failure && (
          <Alert color="orange" role="alert" title={`Not moved to ${target.stage.label}`}>
            <Stack gap={4}>
              {refusedMissing ? (
                <Text size="sm">The stage still needs what is asked for below.</Text>
              ) : (
                <Text size="sm">
                  Saving {failure.step} failed:{' '}
                  {failure.cause instanceof ApiError
                    ? Object.entries(failure.cause.fieldErrors)
                        .map(([field, message]) => `${field} ${message}`)
                        .join('; ') || failure.message
                    : failure.message}
                </Text>
              )}
              <Text size="sm">
                {failure.saved.length > 0 ? `Saved: ${failure.saved.join(', ')}.` : 'Nothing was saved.'}
              </Text>
            </Stack>
          </Alert>
        )}
        {missing.length > 0 && (
          <div>
            <Text size="sm" fw={600} id="gate-panel-needs">
              {target.stage.label} needs
            </Text>
            <List size="sm" aria-labelledby="gate-panel-needs">
              {missing.map((item) => (
                <List.Item key={`${item.stage}-${item.requirement}`}>
                  {describeMissing(item, stages)}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {work.primaryContact && (
          <Stack gap={6}>
            {!showNewContact && (
              <Select
                label="Primary BPContact"
                {...autofocus('contact')}
                // Focused on opening, it waits for typing or the arrow keys rather than covering the panel.
                openOnFocus={false}
                placeholder={clientContacts.isLoading ? 'Loading BPContacts…' : 'Choose a BPContact'}
                data={contactOptions}
                value={contactId}
                onChange={(value) => {
                  setContactId(value);
                  clearError('contact');
                }}
                searchable
                nothingFoundMessage="No BPContact of this client has that name"
                error={errors.contact}
                comboboxProps={{ withinPortal: true }}
              />
            )}
            {showNewContact && (
              <Group grow align="flex-start" wrap={'wrap'}>
                <TextInput
                  label="First name"
                  {...autofocus('contact')}
                  value={firstName}
                  onChange={(event) => setFirstName(event.currentTarget.value)}
                  miw={160}
                />
                <TextInput
                  label="Last name"
                  required
                  value={lastName}
                  error={errors.lastName}
                  onChange={(event) => {
                    setLastName(event.currentTarget.value);
                    clearError('lastName');
                  }}
                  miw={160}
                />
              </Group>
            )}
            {hasNoContacts ? (
              <Text size="xs" c="dimmed">
                {opportunity.clientName} has no BPContact yet: this one is added to the client.
              </Text>
            ) : (
              <Button
                variant="subtle"
                size={isPhone ? 'md' : 'compact-sm'}
                style={{ alignSelf: 'flex-start' }}
                onClick={() => setNewContact(!isNewContact)}
              >
                {isNewContact ? 'Choose an existing BPContact' : 'Add a new BPContact instead'}
              </Button>
            )}
          </Stack>
        )}
        {work.decisionDate && (
          <DateInput
            label="Decision date"
            {...autofocus('decisionDate')}
            valueFormat="YYYY-MM-DD"
            value={decisionDate}
            error={errors.decisionDate}
            onChange={(value) => {
              setDecisionDate(value);
              clearError('decisionDate');
            }}
          />
        )}
        {work.lines.length > 0 && (
          <Stack gap={6}>
            <Title order={3} size="h5">
              Line items
            </Title>
            {work.lines.map((gap) => {
              const line = lineItems[gap.index];
              if (!line) return null;
              const answer = answerOf(line);
              const label = lineLabel(line, gap.index);
              return (
                <fieldset
                  key={line.id}
                  className="gate-panel-line"
                  style={{ border: 0, margin: 0, padding: 0 }}
                >
                  <Text component="legend" size="sm" fw={500}>
                    {label}
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {line.quantity} ×{' '}
                      {line.unitPriceMinor === null
                        ? 'no price'
                        : formatMoney(line.unitPriceMinor, line.currency, exponent)}
                      {line.decisionDate ? ` · ${line.decisionDate}` : ' · no date'}
                    </Text>
                  </Text>
                  <Group grow align="flex-start" wrap="wrap" gap="xs">
                    {gap.needsPrice && (
                      <TextInput
                        label={`Unit price (${line.currency}) of ${label}`}
                        {...autofocus(`price-${line.id}`)}
                        inputMode="decimal"
                        value={answer.price}
                        error={errors[`price-${line.id}`]}
                        onChange={(event) => {
                          setLine(line, { price: event.currentTarget.value });
                          clearError(`price-${line.id}`);
                        }}
                        miw={160}
                      />
                    )}
                    {gap.needsDate && (
                      <DateInput
                        label={`Decision date of ${label}`}
                        {...autofocus(`date-${line.id}`)}
                        valueFormat="YYYY-MM-DD"
                        value={answer.date}
                        error={errors[`date-${line.id}`]}
                        onChange={(value) => {
                          setLine(line, { date: value });
                          clearError(`date-${line.id}`);
                        }}
                        miw={160}
                      />
                    )}
                  </Group>
                </fieldset>
              );
            })}
          </Stack>
        )}
        {work.newLine && (
          <Stack gap={6}>
            <Title order={3} size="h5">
              {lineItems.length === 0 ? 'First line item' : 'A priced line item'}
            </Title>
            <TextInput
              label="Description"
              {...autofocus('newDescription')}
              required
              value={newLine.description}
              error={errors.newDescription}
              onChange={(event) => {
                const description = event.currentTarget.value;
                setNewLine((current) => ({ ...current, description }));
                clearError('newDescription');
              }}
            />
            <Group grow align="flex-start" wrap="wrap" gap="xs">
              <TextInput
                label="Quantity"
                inputMode="decimal"
                value={newLine.quantity}
                error={errors.newQuantity}
                onChange={(event) => {
                  const quantity = event.currentTarget.value;
                  setNewLine((current) => ({ ...current, quantity }));
                  clearError('newQuantity');
                }}
                miw={100}
              />
              <TextInput
                label={`Unit price (${opportunity.currency})`}
                required
                inputMode="decimal"
                value={newLine.price}
                error={errors.newPrice}
                onChange={(event) => {
                  const price = event.currentTarget.value;
                  setNewLine((current) => ({ ...current, price }));
                  clearError('newPrice');
                }}
                miw={140}
              />
              {work.newLine.needsDate && (
                <DateInput
                  label="Line decision date"
                  valueFormat="YYYY-MM-DD"
                  value={newLine.date}
                  error={errors.newDate}
                  onChange={(date) => {
                    setNewLine((current) => ({ ...current, date }));
                    clearError('newDate');
                  }}
                  miw={140}
                />
              )}
            </Group>
          </Stack>
        )}
        {work.unfillable.length > 0 && (
          <Text size="sm" c="dimmed">
            Some of this cannot be filled in here.{' '}
            <Anchor component={Link} to={`/opportunities/${opportunity.id}`}>
              Open {opportunity.number}
            </Anchor>
          </Text>
        )}
        {nothingToFill && missing.length === 0 && (
          <Text size="sm">Every gate up to {target.stage.label} is met now.</Text>
        )}
        {/* On a phone the two buttons take the width, the one that moves the deal first, under the thumb. */}
        <Group justify="flex-end" gap="xs" style={isPhone ? { flexDirection: 'column-reverse' } : undefined}>
          <Button variant="default" onClick={onClose} fullWidth={isPhone}>
            Cancel
          </Button>
          <Button type="submit" loading={isSaving} disabled={work.unfillable.length > 0} fullWidth={isPhone}>
            {nothingToFill ? `Move to ${target.stage.label}` : `Save and move to ${target.stage.label}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
