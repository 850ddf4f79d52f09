import { ActionIcon, Alert, Button, Group, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ClipboardEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { type LineItem, lineItemSchema } from '../../../../core/contract/line-items.ts';
import type { Opportunity } from '../../../../core/contract/opportunities.ts';
import { productListSchema } from '../../../../core/contract/products.ts';
import { lineAmountMinor, maxAmountMinor, toHundredths, toMilli } from '../../../../core/money.ts';
import { rollUpLines } from '../../../../core/rollup.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifyError } from '../../../api/notify.ts';
import { useCurrencyExponent } from '../../../hooks/useReferenceData.ts';
import { formatMoney, parseMoneyInput } from '../../../lib/format.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';
import classes from './LineItemGrid.module.css';

type Draft = {
  key: string;
  id: number | null;
  version: number;
  productId: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  amount: string;
  decisionDate: string;
  outcome: 'open' | 'won' | 'lost';
};

const columns = [
  'product',
  'description',
  'quantity',
  'unitPrice',
  'discount',
  'amount',
  'decisionDate',
  'outcome',
] as const;
type ColumnKey = (typeof columns)[number];

function toDraft(line: LineItem, exponent: number): Draft {
  const money = (minor: number | null) => (minor === null ? '' : (minor / 10 ** exponent).toFixed(exponent));
  return {
    key: `line-${line.id}`,
    id: line.id,
    version: line.version,
    productId: line.productId === null ? null : String(line.productId),
    description: line.description ?? '',
    quantity: String(line.quantity),
    unitPrice: money(line.unitPriceMinor),
    discount: String(line.discountPercent),
    amount: line.unitPriceMinor === null ? money(line.amountMinor) : '',
    decisionDate: line.decisionDate ?? '',
    outcome: line.outcome,
  };
}

let draftCounter = 0;
function blankDraft(decisionDate: string): Draft {
  draftCounter += 1;
  return {
    key: `new-${draftCounter}`,
    id: null,
    version: 0,
    productId: null,
    description: '',
    quantity: '1',
    unitPrice: '',
    discount: '0',
    amount: '',
    decisionDate,
    outcome: 'open',
  };
}

function parseNumber(text: string): number | null {
  const value = Number(text.replace(',', '.').trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * The amount a row shows while it is typed: the same formula as the server (src/core/money.ts);
 * null when it passes the largest amount a line may hold, which the server refuses.
 */
function draftAmountMinor(draft: Draft, exponent: number): number | null {
  const unitPrice = parseMoneyInput(draft.unitPrice, exponent);
  if (unitPrice === null) return parseMoneyInput(draft.amount, exponent) ?? 0;
  const quantity = parseNumber(draft.quantity) ?? 1;
  const discount = parseNumber(draft.discount) ?? 0;
  if (quantity <= 0 || discount < 0 || discount > 100) return 0;
  return lineAmountMinor(toMilli(quantity), unitPrice, toHundredths(discount));
}

function bodyOf(draft: Draft, exponent: number): Record<string, unknown> {
  const unitPrice = parseMoneyInput(draft.unitPrice, exponent);
  const body: Record<string, unknown> = {
    productId: draft.productId ? Number(draft.productId) : null,
    description: draft.description.trim() || null,
    quantity: parseNumber(draft.quantity) ?? draft.quantity,
    unitPriceMinor: unitPrice,
    discountPercent: parseNumber(draft.discount) ?? draft.discount,
    decisionDate: draft.decisionDate || null,
    outcome: draft.outcome,
  };
  if (unitPrice === null) body.amountMinor = parseMoneyInput(draft.amount, exponent) ?? 0;
  return body;
}

/**
 * The line items as an editable grid (SPEC §8): type in place, Tab and the arrow keys move between
 * cells, Enter goes down a row, pasting rows from a spreadsheet adds them, and the total says how it
 * was computed. Each row saves when you leave it.
 */
export function LineItemGrid({
  opportunity,
  lineItems,
}: {
  opportunity: Opportunity;
  lineItems: LineItem[];
}) {
  const exponent = useCurrencyExponent()(opportunity.currency);
  const refresh = useRefreshOpportunity(opportunity.id);
  const products = useQuery({
    queryKey: ['products'],
    queryFn: () => api.get('/products', productListSchema),
    staleTime: 300_000,
  });
  const productOptions = useMemo(
    () =>
      (products.data?.items ?? []).map((product) => ({ value: String(product.id), label: product.label })),
    [products.data],
  );
  const serverDrafts = useMemo(() => lineItems.map((line) => toDraft(line, exponent)), [lineItems, exponent]);
  const [edits, setEdits] = useState<Record<string, Draft>>({});
  const [newRows, setNewRows] = useState<Draft[]>([]);
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  const readOnly = !opportunity.canEdit;

  // A new row keeps its place once saved, until the refreshed line items include it: rows never jump.
  const serverIds = new Set(serverDrafts.map((draft) => draft.id));
  const rows: Draft[] = [
    ...serverDrafts.map((draft) => {
      const edited = edits[draft.key];
      return edited && edited.version === draft.version ? edited : draft;
    }),
    ...newRows.filter((row) => row.id === null || !serverIds.has(row.id)),
  ];

  const save = useMutation({
    mutationFn: async (draft: Draft) => {
      const body = bodyOf(draft, exponent);
      if (draft.id === null)
        return api.post(`/opportunities/${opportunity.id}/line-items`, lineItemSchema, body);
      return api.patch(`/line-items/${draft.id}`, lineItemSchema, body, { ifMatch: draft.version });
    },
    onSuccess: (saved, draft) => {
      setRowErrors((current) => ({ ...current, [draft.key]: {} }));
      if (draft.id === null) {
        setNewRows((current) =>
          current.map((row) =>
            row.key === draft.key ? { ...row, id: saved.id, version: saved.version } : row,
          ),
        );
      } else
        setEdits((current) => {
          const { [draft.key]: _done, ...rest } = current;
          return rest;
        });
      refresh();
    },
    onError: (error, draft) => {
      if (error instanceof ApiError)
        setRowErrors((current) => ({ ...current, [draft.key]: error.fieldErrors }));
      notifyError(error, 'The line item was not saved');
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') refresh();
    },
  });

  const remove = useMutation({
    mutationFn: (draft: Draft) => api.delete(`/line-items/${draft.id}`, { ifMatch: draft.version }),
    onSuccess: refresh,
    onError: (error) => notifyError(error, 'The line item was not removed'),
  });

  // Saves run one after another, in the order the rows were left, so none is dropped or raced.
  const saveQueue = useRef<Promise<unknown>>(Promise.resolve());
  function enqueueSave(draft: Draft) {
    saveQueue.current = saveQueue.current.then(() => save.mutateAsync(draft).catch(() => undefined));
  }

  function update(draft: Draft, key: keyof Draft, value: string | null) {
    const next = { ...draft, [key]: value ?? '' } as Draft;
    if (key === 'productId') next.productId = value;
    if (draft.key.startsWith('new-'))
      setNewRows((current) => current.map((row) => (row.key === draft.key ? next : row)));
    else setEdits((current) => ({ ...current, [draft.key]: next }));
  }

  function isDirty(draft: Draft): boolean {
    if (draft.id === null) return draft.description.trim() !== '' || draft.productId !== null;
    if (draft.key.startsWith('new-')) return true;
    const original = serverDrafts.find((each) => each.key === draft.key);
    return original !== undefined && JSON.stringify(original) !== JSON.stringify(draft);
  }

  /** A row saves when the focus leaves it. */
  function onRowBlur(draft: Draft, event: React.FocusEvent<HTMLTableRowElement>) {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    if (event.relatedTarget instanceof HTMLElement && event.relatedTarget.closest('[data-combobox-dropdown]'))
      return;
    if (isDirty(draft)) enqueueSave(draft);
  }

  function focusCell(rowIndex: number, column: ColumnKey) {
    const cell = document.querySelector<HTMLElement>(
      `[data-grid-row="${rowIndex}"][data-grid-column="${column}"]`,
    );
    cell?.focus();
  }

  function onCellKey(event: KeyboardEvent<HTMLInputElement>, rowIndex: number, column: ColumnKey) {
    if (
      event.key === 'ArrowDown' ||
      (event.key === 'Enter' && column !== 'product' && column !== 'outcome')
    ) {
      event.preventDefault();
      if (rowIndex + 1 >= rows.length && !readOnly) addRows(1);
      requestAnimationFrame(() => focusCell(rowIndex + 1, column));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusCell(Math.max(0, rowIndex - 1), column);
    }
  }

  function addRows(count: number) {
    setNewRows((current) => [
      ...current,
      ...Array.from({ length: count }, () => blankDraft(opportunity.decisionDate)),
    ]);
  }

  /** Rows pasted from a spreadsheet: description, quantity, unit price, discount %, decision date. */
  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const text = event.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.trim().includes('\n')) return;
    event.preventDefault();
    const pasted = text
      .split(/\r?\n/)
      .map((line) => line.split('\t'))
      .filter((cells) => cells.some((cell) => cell.trim() !== ''))
      .map((cells) => {
        const draft = blankDraft(opportunity.decisionDate);
        draft.description = cells[0]?.trim() ?? '';
        draft.quantity = cells[1]?.trim() || '1';
        draft.unitPrice = cells[2]?.trim() ?? '';
        draft.discount = cells[3]?.trim().replace('%', '') || '0';
        draft.decisionDate = cells[4]?.trim() || opportunity.decisionDate;
        return draft;
      });
    setNewRows((current) => [...current.filter((row) => isDirty(row)), ...pasted]);
    for (const draft of pasted) enqueueSave(draft);
  }

  const amounts = rows.map((row) => ({ row, amountMinor: draftAmountMinor(row, exponent) }));
  const rollup = rollUpLines(
    amounts.map(({ row, amountMinor }) => ({
      amountMinor: amountMinor ?? 0,
      decisionDate: row.decisionDate || null,
      outcome: row.outcome,
    })),
  );
  const lostTotal = amounts
    .filter(({ row }) => row.outcome === 'lost')
    .reduce((sum, { amountMinor }) => sum + (amountMinor ?? 0), 0);
  const totalTooLarge = !rollup.totalInBounds || amounts.some(({ amountMinor }) => amountMinor === null);
  const money = (minor: number | null) =>
    minor === null ? 'Too large' : formatMoney(minor, opportunity.currency, exponent);

  const cellInput = (
    draft: Draft,
    rowIndex: number,
    column: ColumnKey,
    key: keyof Draft,
    label: string,
    props: { type?: string; align?: 'right' } = {},
  ) => (
    <TextInput
      size="xs"
      variant="unstyled"
      classNames={{ input: classes.input }}
      aria-label={`${label}, line ${rowIndex + 1}`}
      data-grid-row={rowIndex}
      data-grid-column={column}
      type={props.type ?? 'text'}
      value={String(draft[key])}
      error={rowErrors[draft.key]?.[errorField[column] ?? column]}
      styles={props.align ? { input: { textAlign: props.align } } : undefined}
      onChange={(event) => update(draft, key, event.currentTarget.value)}
      onKeyDown={(event) => onCellKey(event, rowIndex, column)}
      onPaste={onPaste}
    />
  );

  return (
    <Stack gap="xs">
      <div className={classes.grid}>
        <table className={classes.table} aria-label="Line items">
          <colgroup>
            {columnWidths.map((width, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <col key={index} style={{ width }} />
            ))}
          </colgroup>
          <thead>
            <tr className={classes.head}>
              {[
                'Product',
                'Description',
                'Qty',
                'Unit price',
                'Disc. %',
                'Amount',
                'Decision date',
                'Outcome',
                '',
              ].map((label) => (
                <th key={label || 'actions'} className={classes.cell} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {amounts.map(({ row: draft, amountMinor }, rowIndex) => (
              <tr
                key={draft.key}
                className={classes.row}
                data-lost={draft.outcome === 'lost' || undefined}
                onBlur={(event) => onRowBlur(draft, event)}
              >
                {readOnly ? (
                  <>
                    <td className={classes.cell}>
                      {productOptions.find((option) => option.value === draft.productId)?.label ?? ''}
                    </td>
                    <td className={classes.cell}>{draft.description}</td>
                    <td className={classes.cell}>{draft.quantity}</td>
                    <td className={classes.cellRight}>
                      {draft.unitPrice ? money(parseMoneyInput(draft.unitPrice, exponent) ?? 0) : ''}
                    </td>
                    <td className={classes.cell}>{draft.discount}</td>
                    <td className={classes.cellRight}>{money(amountMinor)}</td>
                    <td className={classes.cell}>{draft.decisionDate}</td>
                    <td className={classes.cell}>{draft.outcome}</td>
                    <td className={classes.cell} />
                  </>
                ) : (
                  <>
                    <td className={classes.cell}>
                      <Select
                        size="xs"
                        variant="unstyled"
                        searchable
                        clearable
                        placeholder="Product…"
                        aria-label={`Product, line ${rowIndex + 1}`}
                        data-grid-row={rowIndex}
                        data-grid-column="product"
                        data={productOptions}
                        value={draft.productId}
                        error={rowErrors[draft.key]?.productId}
                        comboboxProps={{ withinPortal: true }}
                        onChange={(value) => update(draft, 'productId', value)}
                      />
                    </td>
                    <td className={classes.cell}>
                      {cellInput(draft, rowIndex, 'description', 'description', 'Description')}
                    </td>
                    <td className={classes.cell}>
                      {cellInput(draft, rowIndex, 'quantity', 'quantity', 'Quantity', { align: 'right' })}
                    </td>
                    <td className={classes.cell}>
                      {cellInput(draft, rowIndex, 'unitPrice', 'unitPrice', 'Unit price', { align: 'right' })}
                    </td>
                    <td className={classes.cell}>
                      {cellInput(draft, rowIndex, 'discount', 'discount', 'Discount percent', {
                        align: 'right',
                      })}
                    </td>
                    <td className={classes.cellRight}>
                      {parseMoneyInput(draft.unitPrice, exponent) === null ? (
                        cellInput(draft, rowIndex, 'amount', 'amount', 'Estimated amount', { align: 'right' })
                      ) : (
                        <Text size="xs" aria-label={`Amount, line ${rowIndex + 1}`}>
                          {money(amountMinor)}
                        </Text>
                      )}
                    </td>
                    <td className={classes.cell}>
                      {cellInput(draft, rowIndex, 'decisionDate', 'decisionDate', 'Decision date', {
                        type: 'date',
                      })}
                    </td>
                    <td className={classes.cell}>
                      <Select
                        size="xs"
                        variant="unstyled"
                        aria-label={`Outcome, line ${rowIndex + 1}`}
                        allowDeselect={false}
                        data={[
                          { value: 'open', label: 'Open' },
                          { value: 'won', label: 'Won' },
                          { value: 'lost', label: 'Lost' },
                        ]}
                        value={draft.outcome}
                        comboboxProps={{ withinPortal: true }}
                        onChange={(value) => value && update(draft, 'outcome', value)}
                      />
                    </td>
                    <td className={classes.cell}>
                      <Tooltip label="Remove line">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          size="sm"
                          aria-label={`Remove line ${rowIndex + 1}`}
                          onClick={() =>
                            draft.id === null
                              ? setNewRows((current) => current.filter((row) => row.key !== draft.key))
                              : remove.mutate(draft)
                          }
                        >
                          ×
                        </ActionIcon>
                      </Tooltip>
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {Object.values(rowErrors).some((errors) => Object.keys(errors).length > 0) && (
        <Alert color="red" p="xs">
          <Text size="xs">Some lines were not saved; their fields are marked.</Text>
        </Alert>
      )}
      <Group justify="space-between" align="flex-start">
        {readOnly ? (
          <Text size="xs" c="dimmed">
            {opportunity.isClosed
              ? 'The opportunity is closed; reopen it to change its line items.'
              : 'You may read these line items.'}
          </Text>
        ) : (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => addRows(1)}>
              Add line
            </Button>
            <Button size="xs" variant="subtle" onClick={() => addRows(3)}>
              Add 3 lines
            </Button>
            <Text size="xs" c="dimmed">
              Tip: paste rows from a spreadsheet (description, quantity, unit price, discount %, decision
              date).
            </Text>
          </Group>
        )}
        <div aria-live="polite" style={{ textAlign: 'right' }}>
          <Text size="sm" fw={600}>
            Total {totalTooLarge ? `too large (at most ${money(maxAmountMinor)})` : money(rollup.totalMinor)}
          </Text>
          <Text size="xs" c="dimmed">
            {rollup.countedLines} line{rollup.countedLines === 1 ? '' : 's'} counted
            {rollup.lostLines > 0
              ? `; ${rollup.lostLines} lost line${rollup.lostLines === 1 ? '' : 's'} (${money(lostTotal)}) excluded`
              : ''}
          </Text>
        </div>
      </Group>
    </Stack>
  );
}

const columnWidths = ['22%', '20%', '70px', '110px', '70px', '120px', '140px', '100px', '36px'];

const errorField: Partial<Record<ColumnKey, string>> = {
  product: 'productId',
  unitPrice: 'unitPriceMinor',
  discount: 'discountPercent',
  amount: 'amountMinor',
};
