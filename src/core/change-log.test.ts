import { describe, expect, it } from 'vitest';
import {
  type ChangeReadingContext,
  describeChange,
  humanizeField,
  referencesOf,
  shareableValue,
} from './change-log.ts';
import { formatMoney } from './money.ts';

const names: Record<string, string> = {
  'stage:identify': '01 Identify',
  'stage:validate': '02 Validate',
  'user:7': 'Ann Seller',
  'user:8': 'Bob Manager',
  'client:3': 'Acme Corp',
  'product:5': 'Storage · Flash · Array',
};

const context: ChangeReadingContext = {
  nameOf: (kind, id) => names[`${kind}:${id}`] ?? `a ${kind} you cannot see`,
  formatMoney: (amountMinor) => formatMoney(amountMinor, 'USD', 2, { locale: 'en-US' }),
  formatDate: (isoDate) => `on ${isoDate}`,
  formatNumber: (value) => new Intl.NumberFormat('en-US').format(value),
};

describe('describeChange', () => {
  it('names a stage move with the stage labels', () => {
    const change = describeChange(
      {
        entityType: 'opportunity',
        action: 'update',
        field: 'stage',
        oldValue: 'identify',
        newValue: 'validate',
      },
      context,
    );
    expect(change).toEqual({
      label: 'Sales stage',
      oldText: '01 Identify',
      newText: '02 Validate',
      summary: 'changed sales stage: 01 Identify → 02 Validate',
    });
  });

  it('formats an amount in the deal currency and says when a value is first set or cleared', () => {
    expect(
      describeChange(
        {
          entityType: 'opportunity',
          action: 'update',
          field: 'amountMinor',
          oldValue: 0,
          newValue: 1_250_000,
        },
        context,
      ).summary,
    ).toBe('changed amount: $0.00 → $12,500.00');
    expect(
      describeChange(
        {
          entityType: 'opportunity',
          action: 'update',
          field: 'competitor',
          oldValue: null,
          newValue: 'Rival',
        },
        context,
      ).summary,
    ).toBe('set competitor to Rival');
    expect(
      describeChange(
        { entityType: 'opportunity', action: 'update', field: 'ownerId', oldValue: 7, newValue: null },
        context,
      ).summary,
    ).toBe('cleared owner (was Ann Seller)');
  });

  it('respects a currency without decimals', () => {
    const yen = {
      ...context,
      formatMoney: (minor: number) => formatMoney(minor, 'JPY', 0, { locale: 'en-US' }),
    };
    expect(
      describeChange(
        { entityType: 'opportunity', action: 'update', field: 'amountMinor', oldValue: 1200, newValue: 1500 },
        yen,
      ).newText,
    ).toBe('¥1,500');
  });

  it('reads booleans, dates and references by name, and hides what the reader may not see', () => {
    const privacy = describeChange(
      {
        entityType: 'opportunity',
        action: 'update',
        field: 'partnerPrivate',
        oldValue: true,
        newValue: false,
      },
      context,
    );
    expect(privacy.summary).toBe('changed partner-private: Yes → No');
    expect(
      describeChange(
        {
          entityType: 'opportunity',
          action: 'update',
          field: 'decisionDate',
          oldValue: '2027-01-31',
          newValue: '2027-03-31',
        },
        context,
      ).summary,
    ).toBe('changed decision date: on 2027-01-31 → on 2027-03-31');
    expect(
      describeChange(
        {
          entityType: 'opportunity',
          action: 'update',
          field: 'primaryContactId',
          oldValue: 41,
          newValue: null,
        },
        context,
      ).summary,
    ).toBe('cleared primary BPContact (was a contact you cannot see)');
  });

  it('describes line items as sentences', () => {
    const added = describeChange(
      {
        entityType: 'line-item',
        action: 'create',
        field: null,
        oldValue: null,
        newValue: {
          description: 'Storage array',
          quantity: 2,
          unitPriceMinor: 1_250_000,
          discountPercent: 0,
        },
      },
      context,
    );
    expect(added.summary).toBe('added line: 2 × Storage array at $12,500.00');
    expect(added.newText).toContain('Unit price: $12,500.00');

    const changed = describeChange(
      { entityType: 'line-item', action: 'update', field: 'quantity', oldValue: 2, newValue: 3 },
      { ...context, lineLabel: 'Storage array' },
    );
    expect(changed.summary).toBe('changed line Storage array: quantity 2 → 3');

    const removed = describeChange(
      {
        entityType: 'line-item',
        action: 'delete',
        field: null,
        oldValue: { productId: 5, quantity: 1.5, unitPriceMinor: 99_900, discountPercent: 10 },
        newValue: null,
      },
      context,
    );
    expect(removed.summary).toBe('removed line: 1.5 × Storage · Flash · Array at $999.00, 10% off');
  });

  it('lists who joined and left the sales team', () => {
    expect(
      describeChange(
        {
          entityType: 'opportunity',
          action: 'update',
          field: 'team',
          oldValue: ['Ann Seller (edit)', 'Bob Manager (read)'],
          newValue: ['Ann Seller (edit)', 'Cy Vendor (read)'],
        },
        context,
      ).summary,
    ).toBe('changed sales team: added Cy Vendor (read); removed Bob Manager (read)');
  });

  it('names a deal’s BPContacts by id, and never an older entry’s stored names', () => {
    const seen: ChangeReadingContext = {
      ...context,
      nameOf: (kind, id) => (kind === 'contact' && id === 4 ? 'Dana Decider' : context.nameOf(kind, id)),
    };
    const change = {
      entityType: 'opportunity' as const,
      action: 'update' as const,
      field: 'contacts',
      oldValue: [
        { contactId: 4, role: 'Decision maker' },
        { contactId: 9, role: null },
      ],
      newValue: [{ contactId: 4, role: 'Decision maker' }],
    };
    expect(referencesOf(change)).toEqual([
      { kind: 'contact', id: 4 },
      { kind: 'contact', id: 9 },
      { kind: 'contact', id: 4 },
    ]);
    expect(describeChange(change, seen)).toEqual({
      label: 'BPContacts',
      oldText: 'Dana Decider (Decision maker), a contact you cannot see',
      newText: 'Dana Decider (Decision maker)',
      summary: 'changed BPContacts: removed a contact you cannot see',
    });
    expect(shareableValue('opportunity', 'contacts', ['Hidden Person (Buyer)'])).toEqual([
      { contactId: null, role: null },
    ]);
    expect(
      describeChange({ ...change, oldValue: ['Hidden Person (Buyer)'], newValue: [] }, seen).summary,
    ).toBe('changed BPContacts: removed a contact you cannot see');
  });

  it('reads a creation and a field it does not know', () => {
    const created = describeChange(
      {
        entityType: 'client',
        action: 'create',
        field: null,
        oldValue: null,
        newValue: { name: 'Acme Corp', parentClientId: 3, employees: 1200 },
      },
      context,
    );
    expect(created.summary).toBe('created the client');
    expect(created.newText).toBe('Name: Acme Corp; Parent client: Acme Corp; Employees: 1,200');
    expect(humanizeField('closeReasonCode')).toBe('Close reason code');
    expect(
      describeChange(
        {
          entityType: 'opportunity',
          action: 'update',
          field: 'registrationStatus',
          oldValue: null,
          newValue: 'submitted',
        },
        context,
      ).summary,
    ).toBe('set registration status to submitted');
  });
});

describe('referencesOf', () => {
  it('collects the ids an entry names, from a field or a whole record', () => {
    expect(
      referencesOf({ entityType: 'opportunity', field: 'stage', oldValue: 'identify', newValue: 'validate' }),
    ).toEqual([
      { kind: 'stage', id: 'identify' },
      { kind: 'stage', id: 'validate' },
    ]);
    expect(
      referencesOf({
        entityType: 'opportunity',
        field: null,
        oldValue: null,
        newValue: { clientId: 3, ownerId: 7, name: 'Deal', distributorFirmId: null },
      }),
    ).toEqual([
      { kind: 'client', id: 3 },
      { kind: 'user', id: 7 },
    ]);
  });
});
