import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  type ClipboardEvent,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  useMemo,
  useRef,
  useState,
} from 'react';
import { assertNever } from '../../../../core/assert.ts';
import { type LineItem, lineItemSchema } from '../../../../core/contract/line-items.ts';
import type { Opportunity } from '../../../../core/contract/opportunities.ts';
import { type Product, productListSchema } from '../../../../core/contract/products.ts';
import {
  type ChosenProduct,
  fillLineFromProduct,
  listPriceIn,
  productPickerLabels,
} from '../../../../core/line-pricing.ts';
import {
  formatMinorInput,
  lineAmountMinor,
  maxAmountMinor,
  moneyInputExample,
  parseDecimalMinor,
  toHundredths,
  toMilli,
} from '../../../../core/money.ts';
import { rollUpLines } from '../../../../core/rollup.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifyError } from '../../../api/notify.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useCurrencies, useCurrencyExponent } from '../../../hooks/useReferenceData.ts';
import { formatMoney } from '../../../lib/format.ts';
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
  const money = (minor: number | null) => (minor === null ? '' : formatMinorInput(minor, exponent));
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
  const unitPrice = parseDecimalMinor(draft.unitPrice, exponent);
  if (unitPrice === null) return parseDecimalMinor(draft.amount, exponent) ?? 0;
  const quantity = parseNumber(draft.quantity) ?? 1;
  const discount = parseNumber(draft.discount) ?? 0;
  if (quantity <= 0 || discount < 0 || discount > 100) return 0;
  return lineAmountMinor(toMilli(quantity), unitPrice, toHundredths(discount));
}

/**
 * Money the row cannot send as typed: an amount core's parser does not read (letters, more decimals
 * than the currency has, "," as the decimal mark), named by the API field it would go to.
 */
function moneyErrorsOf(draft: Draft, exponent: number, currency: string): Record<string, string> {
  const example = moneyInputExample(exponent);
  const message = `is not an amount in ${currency}; type it like ${example}`;
  const errors: Record<string, string> = {};
  if (draft.unitPrice.trim() !== '' && parseDecimalMinor(draft.unitPrice, exponent) === null)
    errors.unitPriceMinor = message;
  else if (
    draft.unitPrice.trim() === '' &&
    draft.amount.trim() !== '' &&
    parseDecimalMinor(draft.amount, exponent) === null
  )
    errors.amountMinor = message;
  return errors;
}

function bodyOf(draft: Draft, exponent: number): Record<string, unknown> {
  const unitPrice = parseDecimalMinor(draft.unitPrice, exponent);
  const body: Record<string, unknown> = {
    productId: draft.productId ? Number(draft.productId) : null,
    description: draft.description.trim() || null,
    quantity: parseNumber(draft.quantity) ?? draft.quantity,
    unitPriceMinor: unitPrice,
    discountPercent: parseNumber(draft.discount) ?? draft.discount,
    decisionDate: draft.decisionDate || null,
    outcome: draft.outcome,
  };
  if (unitPrice === null) body.amountMinor = parseDecimalMinor(draft.amount, exponent) ?? 0;
  return body;
}

/**
 * The line items as an editable grid (SPEC §8): type in place, Tab and the arrow keys move between
 * cells, Enter goes down a row, pasting rows from a spreadsheet adds them, and the total says how it
 * was computed. Each row saves when you leave it. Choosing a catalog product fills the line's
 * description and list price (src/core/line-pricing.ts); prices are typed and shown as money in the
 * deal's currency and read by core's parser. On a phone the lines are cards, one field under another.
 */
export function LineItemGrid({
  opportunity,
  lineItems,
}: {
  opportunity: Opportunity;
  lineItems: LineItem[];
}) {
  const currency = opportunity.currency;
  const exponent = useCurrencyExponent()(currency);
  const currencies = useCurrencies();
  const isPhone = useIsPhone();
  const refresh = useRefreshOpportunity(opportunity.id);
  // Withdrawn products too, so a line that still names one shows it; only active ones are offered.
  const products = useQuery({
    queryKey: ['products', 'including-inactive'],
    queryFn: () => api.get('/products', productListSchema, { query: { includeInactive: 'true' } }),
    staleTime: 300_000,
  });
  const { productsById, pickerLabels, activeOptions } = useMemo(() => {
    const items = products.data?.items ?? [];
    const labels = productPickerLabels(items);
    return {
      productsById: new Map(items.map((product) => [String(product.id), product])),
      pickerLabels: labels,
      activeOptions: items
        .filter((product) => product.isActive)
        .map((product) => ({ value: String(product.id), label: labels.get(product.id) ?? product.label })),
    };
  }, [products.data]);
  const productLabel = (product: Product) =>
    `${pickerLabels.get(product.id) ?? product.label}${product.isActive ? '' : ' (withdrawn)'}`;
  const optionsFor = (productId: string | null) => {
    const current = productId === null ? undefined : productsById.get(productId);
    return current && !current.isActive
      ? [{ value: productId as string, label: productLabel(current) }, ...activeOptions]
      : activeOptions;
  };
  const serverDrafts = useMemo(() => lineItems.map((line) => toDraft(line, exponent)), [lineItems, exponent]);
  const [edits, setEdits] = useState<Record<string, Draft>>({});
  const [newRows, setNewRows] = useState<Draft[]>([]);
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  const [announcement, setAnnouncement] = useState('');
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
    // A price the parser cannot read is marked on its field and not sent: sending it as "no price"
    // would quietly lose what was typed.
    const moneyErrors = moneyErrorsOf(draft, exponent, currency);
    setRowErrors((current) => ({ ...current, [draft.key]: moneyErrors }));
    if (Object.keys(moneyErrors).length > 0) return;
    saveQueue.current = saveQueue.current.then(() => save.mutateAsync(draft).catch(() => undefined));
  }

  function put(next: Draft) {
    if (next.key.startsWith('new-'))
      setNewRows((current) => current.map((row) => (row.key === next.key ? next : row)));
    else setEdits((current) => ({ ...current, [next.key]: next }));
  }

  function update(draft: Draft, key: keyof Draft, value: string) {
    put({ ...draft, [key]: value } as Draft);
  }

  /** What a product writes into a line: its offering as the description, its list price in the deal's currency. */
  function productFill(productId: string | null): ChosenProduct | null {
    const product = productId === null ? undefined : productsById.get(productId);
    if (!product) return null;
    const price = listPriceIn(product, currency, currencies.data?.items ?? []);
    return {
      id: product.id,
      description: product.offering,
      unitPrice: price === null ? '' : formatMinorInput(price, exponent),
    };
  }

  function chooseProduct(draft: Draft, rowIndex: number, productId: string | null) {
    const next = productFill(productId);
    const filled = fillLineFromProduct(draft, productFill(draft.productId), next);
    put({ ...filled, productId });
    if (next && (filled.description !== draft.description || filled.unitPrice !== draft.unitPrice)) {
      const price = parseDecimalMinor(filled.unitPrice, exponent);
      setAnnouncement(
        `Line ${rowIndex + 1}: ${filled.description}${price === null ? ', no list price' : ` at ${formatMoney(price, currency, exponent)}`}`,
      );
    }
  }

  /** Money reads as money once typed: grouped, with the currency's decimals. */
  function tidyMoney(draft: Draft, key: 'unitPrice' | 'amount') {
    const minor = parseDecimalMinor(draft[key], exponent);
    if (minor !== null && formatMinorInput(minor, exponent) !== draft[key])
      put({ ...draft, [key]: formatMinorInput(minor, exponent) });
  }

  function isDirty(draft: Draft): boolean {
    if (draft.id === null) return draft.description.trim() !== '' || draft.productId !== null;
    if (draft.key.startsWith('new-')) return true;
    const original = serverDrafts.find((each) => each.key === draft.key);
    return original !== undefined && JSON.stringify(original) !== JSON.stringify(draft);
  }

  /** A row saves when the focus leaves it. */
  function onRowBlur(draft: Draft, event: FocusEvent<HTMLElement>) {
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
    if (isPhone) return;
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
    minor === null ? 'Too large' : formatMoney(minor, currency, exponent);
  const priceLabel = `Unit price (${currency})`;

  /** One editable field of a line: a borderless cell in the grid, a labelled field on a card. */
  const field = (
    draft: Draft,
    rowIndex: number,
    column: ColumnKey,
    key: keyof Draft,
    label: string,
    props: {
      type?: string;
      align?: 'right';
      visibleLabel?: string;
      onBlur?: () => void;
      inputMode?: 'decimal';
    } = {},
  ) => (
    <TextInput
      size={isPhone ? 'md' : 'xs'}
      variant={isPhone ? 'default' : 'unstyled'}
      classNames={isPhone ? undefined : { input: classes.input }}
      label={isPhone ? (props.visibleLabel ?? label) : undefined}
      aria-label={`${label}, line ${rowIndex + 1}`}
      data-grid-row={rowIndex}
      data-grid-column={column}
      type={props.type ?? 'text'}
      inputMode={props.inputMode}
      value={String(draft[key])}
      error={rowErrors[draft.key]?.[errorField[column] ?? column]}
      styles={props.align ? { input: { textAlign: props.align } } : undefined}
      onChange={(event) => update(draft, key, event.currentTarget.value)}
      onBlur={props.onBlur}
      onKeyDown={(event) => onCellKey(event, rowIndex, column)}
      onPaste={onPaste}
    />
  );

  /** The fields of one line, in column order; each cell or card lays them out. */
  function editableFields(
    draft: Draft,
    rowIndex: number,
    amountMinor: number | null,
  ): Record<string, ReactNode> {
    const hasPrice = parseDecimalMinor(draft.unitPrice, exponent) !== null;
    return {
      product: (
        <Select
          size={isPhone ? 'md' : 'xs'}
          variant={isPhone ? 'default' : 'unstyled'}
          label={isPhone ? 'Product' : undefined}
          searchable
          clearable
          selectFirstOptionOnChange
          limit={100}
          placeholder="Product…"
          nothingFoundMessage="No product matches"
          aria-label={`Product, line ${rowIndex + 1}`}
          data-grid-row={rowIndex}
          data-grid-column="product"
          data={optionsFor(draft.productId)}
          value={draft.productId}
          error={rowErrors[draft.key]?.productId}
          comboboxProps={{ withinPortal: true }}
          onChange={(value) => chooseProduct(draft, rowIndex, value)}
        />
      ),
      description: field(draft, rowIndex, 'description', 'description', 'Description'),
      quantity: field(draft, rowIndex, 'quantity', 'quantity', 'Quantity', {
        align: 'right',
        inputMode: 'decimal',
      }),
      unitPrice: field(draft, rowIndex, 'unitPrice', 'unitPrice', 'Unit price', {
        align: 'right',
        visibleLabel: priceLabel,
        inputMode: 'decimal',
        onBlur: () => tidyMoney(draft, 'unitPrice'),
      }),
      discount: field(draft, rowIndex, 'discount', 'discount', 'Discount percent', {
        align: 'right',
        visibleLabel: 'Discount %',
        inputMode: 'decimal',
      }),
      // Computed from quantity, price and discount, so it reads as text, not as a field; with no
      // unit price, the seller estimates the line's amount instead.
      amount: hasPrice ? (
        <Text size={isPhone ? 'md' : 'xs'} ta="right" className={classes.computed} data-computed="amount">
          {money(amountMinor)}
        </Text>
      ) : (
        field(draft, rowIndex, 'amount', 'amount', 'Estimated amount', {
          align: 'right',
          visibleLabel: `Estimated amount (${currency})`,
          inputMode: 'decimal',
          onBlur: () => tidyMoney(draft, 'amount'),
        })
      ),
      decisionDate: field(draft, rowIndex, 'decisionDate', 'decisionDate', 'Decision date', { type: 'date' }),
      outcome: (
        <Select
          size={isPhone ? 'md' : 'xs'}
          variant={isPhone ? 'default' : 'unstyled'}
          label={isPhone ? 'Outcome' : undefined}
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
      ),
    };
  }

  function readOnlyFields(draft: Draft, amountMinor: number | null): Record<string, ReactNode> {
    const product = draft.productId === null ? undefined : productsById.get(draft.productId);
    const unitPrice = parseDecimalMinor(draft.unitPrice, exponent);
    return {
      product: product ? productLabel(product) : '',
      description: draft.description,
      quantity: draft.quantity,
      unitPrice: unitPrice === null ? '' : money(unitPrice),
      discount: draft.discount,
      amount: money(amountMinor),
      decisionDate: draft.decisionDate,
      outcome: outcomeLabels[draft.outcome],
    };
  }

  function removeLine(draft: Draft) {
    if (draft.id === null) setNewRows((current) => current.filter((row) => row.key !== draft.key));
    else remove.mutate(draft);
  }

  const lines = isPhone ? (
    rows.length === 0 ? (
      <Text size="sm" c="dimmed">
        No line items yet.
      </Text>
    ) : (
      <ul className={classes.cards} aria-label="Line items">
        {amounts.map(({ row: draft, amountMinor }, rowIndex) => {
          const fields = readOnly
            ? readOnlyFields(draft, amountMinor)
            : editableFields(draft, rowIndex, amountMinor);
          return (
            <li
              key={draft.key}
              className={classes.card}
              data-lost={draft.outcome === 'lost' || undefined}
              onBlur={(event) => onRowBlur(draft, event)}
            >
              <Paper withBorder p="sm">
                <Group justify="space-between" mb="xs" wrap="nowrap">
                  <Text fw={600} size="sm">
                    Line {rowIndex + 1}
                  </Text>
                  {readOnly ? null : (
                    <Button
                      variant="subtle"
                      color="red"
                      size="sm"
                      aria-label={`Remove line ${rowIndex + 1}`}
                      onClick={() => removeLine(draft)}
                    >
                      Remove line
                    </Button>
                  )}
                </Group>
                {readOnly ? (
                  <dl className={classes.cardList}>
                    {columns.map((column) => (
                      <div key={column}>
                        <dt>{columnLabel(column, currency)}</dt>
                        <dd>{fields[column] || '—'}</dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  <Stack gap="xs">
                    {fields.product}
                    {fields.description}
                    <SimpleGrid cols={2} spacing="xs">
                      {fields.quantity}
                      {fields.discount}
                      {fields.unitPrice}
                      {hasPriceText(draft, exponent) ? (
                        <div>
                          <Text size="sm" fw={500}>
                            Amount
                          </Text>
                          {fields.amount}
                        </div>
                      ) : (
                        fields.amount
                      )}
                      {fields.decisionDate}
                      {fields.outcome}
                    </SimpleGrid>
                  </Stack>
                )}
              </Paper>
            </li>
          );
        })}
      </ul>
    )
  ) : (
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
            {columns.map((column) => (
              <th
                key={column}
                className={rightAligned.has(column) ? classes.cellRight : classes.cell}
                scope="col"
              >
                {columnLabel(column, currency)}
              </th>
            ))}
            <th className={classes.cell} scope="col">
              <VisuallyHidden>Remove</VisuallyHidden>
            </th>
          </tr>
        </thead>
        <tbody>
          {amounts.map(({ row: draft, amountMinor }, rowIndex) => {
            const fields = readOnly
              ? readOnlyFields(draft, amountMinor)
              : editableFields(draft, rowIndex, amountMinor);
            return (
              <tr
                key={draft.key}
                className={classes.row}
                data-lost={draft.outcome === 'lost' || undefined}
                onBlur={(event) => onRowBlur(draft, event)}
              >
                {columns.map((column) => (
                  <td key={column} className={rightAligned.has(column) ? classes.cellRight : classes.cell}>
                    {fields[column]}
                  </td>
                ))}
                <td className={classes.cell}>
                  {readOnly ? null : (
                    <Tooltip label="Remove line">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={`Remove line ${rowIndex + 1}`}
                        onClick={() => removeLine(draft)}
                      >
                        ×
                      </ActionIcon>
                    </Tooltip>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );

  return (
    <Stack gap="xs">
      {lines}
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
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
            <Button size={isPhone ? 'sm' : 'xs'} variant="light" onClick={() => addRows(1)}>
              Add line
            </Button>
            <Button size={isPhone ? 'sm' : 'xs'} variant="subtle" onClick={() => addRows(3)}>
              Add 3 lines
            </Button>
            {!isPhone && (
              <Text size="xs" c="dimmed">
                Tip: pick a product to fill its description and list price; paste rows from a spreadsheet
                (description, quantity, unit price, discount %, decision date).
              </Text>
            )}
          </Group>
        )}
        {/* The roll-up is computed, not typed: text read out when it changes (SPEC §4: the UI shows how). */}
        <div role="status" aria-live="polite" aria-atomic="true" className={classes.total}>
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

function hasPriceText(draft: Draft, exponent: number): boolean {
  return parseDecimalMinor(draft.unitPrice, exponent) !== null;
}

const outcomeLabels: Record<Draft['outcome'], string> = { open: 'Open', won: 'Won', lost: 'Lost' };

function columnLabel(column: ColumnKey, currency: string): string {
  switch (column) {
    case 'product':
      return 'Product';
    case 'description':
      return 'Description';
    case 'quantity':
      return 'Qty';
    case 'unitPrice':
      return `Unit price (${currency})`;
    case 'discount':
      return 'Disc. %';
    case 'amount':
      return 'Amount';
    case 'decisionDate':
      return 'Decision date';
    case 'outcome':
      return 'Outcome';
    default:
      return assertNever(column);
  }
}

const rightAligned = new Set<ColumnKey>(['quantity', 'unitPrice', 'discount', 'amount']);

const columnWidths = ['22%', '20%', '64px', '130px', '70px', '130px', '140px', '100px', '36px'];

const errorField: Partial<Record<ColumnKey, string>> = {
  product: 'productId',
  unitPrice: 'unitPriceMinor',
  discount: 'discountPercent',
  amount: 'amountMinor',
};
