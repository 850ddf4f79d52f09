import { Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import {
  type Opportunity,
  type OpportunityOverview,
  opportunitySchema,
} from '../../../../core/contract/opportunities.ts';
import { formatMinorInput, formatMoney, moneyInputError, parseDecimalMinor } from '../../../../core/money.ts';
import { ApiError, api } from '../../../api/client.ts';
import { InlineEditField } from '../../../components/InlineEditField.tsx';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useCurrencyExponent } from '../../../hooks/useReferenceData.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { overviewKey, useRefreshOpportunity } from '../hooks/useOpportunity.ts';

type Item = { label: string; value: ReactNode; wide?: boolean };

/**
 * The opportunity's details, edited in place (issue 10) as well as in the Edit details dialog: the
 * fields that dialog edits as plain values, each saved on its own with the version it was read at.
 * A reader (SPEC §5) sees the same values as text.
 */
export function OpportunityDetailsPanel({ opportunity }: { opportunity: Opportunity }) {
  const exponent = useCurrencyExponent()(opportunity.currency);
  const isPhone = useIsPhone();
  const queryClient = useQueryClient();
  const refresh = useRefreshOpportunity(opportunity.id);
  const canEdit = opportunity.canEdit;

  /** One field, sent alone with If-Match; a stale version refreshes the screen and keeps what was typed. */
  async function saveField(field: string, value: unknown): Promise<string | null> {
    try {
      const saved = await api.patch(
        `/opportunities/${opportunity.id}`,
        opportunitySchema,
        { [field]: value },
        { ifMatch: opportunity.version },
      );
      queryClient.setQueryData<OpportunityOverview>(overviewKey(opportunity.id), (current) =>
        current ? { ...current, opportunity: saved } : current,
      );
      refresh();
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) return 'Could not reach the server; nothing was saved. Try again.';
      if (error.code === 'VERSION_CONFLICT') {
        refresh();
        return 'Someone else changed this opportunity meanwhile; the page now shows their version. Press Enter to save yours on top of it, or Escape to keep theirs.';
      }
      return error.fieldErrors[field] ?? error.message;
    }
  }

  const text = (
    label: string,
    field: keyof Opportunity & string,
    options: { multiline?: boolean; required?: boolean } = {},
  ) => {
    const value = (opportunity[field] as string | null) ?? '';
    return (
      <InlineEditField
        label={label}
        display={value}
        text={value}
        canEdit={canEdit}
        multiline={options.multiline}
        hint={options.multiline ? 'Enter saves; Shift+Enter starts a new line' : undefined}
        validate={(typed) => (options.required && typed.trim() === '' ? 'is required' : null)}
        onSave={(typed) => saveField(field, options.required ? typed.trim() : typed)}
      />
    );
  };

  const amount = opportunity.isAmountFromLineItems ? (
    <>
      {formatMoney(opportunity.amountMinor, opportunity.currency, exponent)}
      <Text component="span" size="xs" c="dimmed">
        {' '}
        (sum of {opportunity.lineItemCount} line item{opportunity.lineItemCount === 1 ? '' : 's'})
      </Text>
    </>
  ) : (
    <InlineEditField
      label={`Estimated amount (${opportunity.currency})`}
      display={formatMoney(opportunity.amountMinor, opportunity.currency, exponent)}
      text={formatMinorInput(opportunity.amountMinor, exponent)}
      canEdit={canEdit}
      inputMode="decimal"
      validate={(typed) => moneyInputError(typed, opportunity.currency, exponent)}
      onSave={(typed) => saveField('amountMinor', parseDecimalMinor(typed, exponent))}
    />
  );

  const items: Item[] = [
    { label: 'Name', value: text('Name', 'name', { required: true }) },
    {
      label: 'Decision date',
      value: (
        <InlineEditField
          label="Decision date"
          display={formatDate(opportunity.decisionDate)}
          text={opportunity.decisionDate}
          canEdit={canEdit}
          type="date"
          hint={opportunity.lineItemCount > 0 ? 'Moves every open line item' : undefined}
          validate={(typed) => (/^\d{4}-\d{2}-\d{2}$/.test(typed) ? null : 'is required (a date)')}
          onSave={(typed) => saveField('decisionDate', typed)}
        />
      ),
    },
    { label: opportunity.isAmountFromLineItems ? 'Amount' : 'Estimated amount', value: amount },
    {
      label: 'Probability %',
      value: (
        <InlineEditField
          label="Probability %"
          display={`${opportunity.probability}%`}
          text={String(opportunity.probability)}
          canEdit={canEdit}
          inputMode="numeric"
          validate={(typed) =>
            /^\d{1,3}$/.test(typed.trim()) && Number(typed) <= 100
              ? null
              : 'must be a whole number from 0 to 100'
          }
          onSave={(typed) => saveField('probability', Number(typed.trim()))}
        />
      ),
    },
    { label: 'Next step', value: text('Next step', 'nextStep') },
    { label: 'Lead source', value: text('Lead source', 'leadSource') },
    { label: 'Competitor', value: text('Competitor', 'competitor') },
    { label: 'Origin', value: opportunity.origin },
    { label: 'Distributor', value: opportunity.distributorFirmName },
    { label: 'Reseller', value: opportunity.resellerFirmName },
    { label: 'Description', value: text('Description', 'description', { multiline: true }), wide: true },
    ...(opportunity.isClosed
      ? [
          { label: 'Closed', value: formatDateTime(opportunity.closedAt) },
          {
            label: 'Close reason',
            value:
              opportunity.closeReason && opportunity.closeReasonNote
                ? `${opportunity.closeReason}: ${opportunity.closeReasonNote}`
                : opportunity.closeReason,
          },
          { label: 'Close note', value: opportunity.closeNote },
        ]
      : []),
    ...(opportunity.passStatus
      ? [
          { label: 'Passed by', value: opportunity.passedBy?.name },
          { label: 'Pass status', value: opportunity.passStatus },
          { label: 'Declined because', value: opportunity.passDeclineReason },
        ]
      : []),
    {
      label: 'Created',
      value: `${formatDateTime(opportunity.createdAt)} by ${opportunity.createdBy?.name ?? '—'}`,
    },
  ];

  return (
    <>
      {canEdit && (
        <Text size="xs" c="dimmed" mb="xs">
          Click a value (or Tab to it and press Enter) to change it; Enter saves, Escape cancels.
        </Text>
      )}
      <dl
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(auto-fill, minmax(${isPhone ? 150 : 220}px, 1fr))`,
          overflowWrap: 'anywhere',
          gap: '8px 24px',
          margin: 0,
        }}
      >
        {items.map((item) => (
          <div key={item.label} style={item.wide ? { gridColumn: '1 / -1' } : undefined}>
            <Text component="dt" size="xs" c="dimmed">
              {item.label}
            </Text>
            <Text component="dd" size="sm" m={0}>
              {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
            </Text>
          </div>
        ))}
      </dl>
    </>
  );
}
