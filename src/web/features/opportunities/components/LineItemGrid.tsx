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
import { useQuery } from '@tanstack/react-query';
import {
  type ClipboardEvent,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import { assertNever } from '../../../../core/assert.ts';
import {
  type LineItem,
  lineItemCreateSchema,
  lineItemSchema,
  lineItemUpdateSchema,
} from '../../../../core/contract/line-items.ts';
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
  formatMoney,
  lineAmountMinor,
  maxAmountMinor,
  moneyInputError,
  parseDecimalMinor,
  toHundredths,
  toMilli,
} from '../../../../core/money.ts';
import { rollUpLines } from '../../../../core/rollup.ts';
import { ApiError, api } from '../../../api/client.ts';
import { notifyError } from '../../../api/notify.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useCurrencies, useCurrencyExponent } from '../../../hooks/useReferenceData.ts';
import { isVersionConflict } from '../../../lib/version-conflict.ts';
import { useRefreshOpportunity } from '../hooks/useOpportunity.ts';
import { type LineDraft, type LineSaveHooks, LineSaveQueue } from '../lib/line-save-queue.ts';
import classes from './LineItemGrid.module.css';

type Draft = LineDraft;

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
/** How long typing pauses before the line is saved (a field left saves at once). */
const savePauseMillis = 700;

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
  const errors: Record<string, string> = {};
  const priceError =
    draft.unitPrice.trim() === '' ? null : moneyInputError(draft.unitPrice, currency, exponent);
  const amountError =
    draft.unitPrice.trim() === '' && draft.amount.trim() !== ''
      ? moneyInputError(draft.amount, currency, exponent)
      : null;
  if (priceError) errors.unitPriceMinor = priceError;
  else if (amountError) errors.amountMinor = amountError;
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
 * was computed. Each line saves as soon as one of its fields is left. Choosing a catalog product
 * fills the line's description and list price (src/core/line-pricing.ts); prices are typed and
 * shown as money in the deal's currency and read by core's parser. On a phone the lines are cards, one field under another.
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
  /** What the server said of each line's last save, by the API field it names. */
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  /** Money each line holds that core's parser cannot read, marked when its field is left. */
  const [moneyErrors, setMoneyErrors] = useState<Record<string, Record<string, string>>>({});
  /** Lines someone else changed while they were edited here: what was typed is kept on their version. */
  const [conflicts, setConflicts] = useState<Record<string, true>>({});
  const [announcement, setAnnouncement] = useState('');
  /** Whether a line was saved since the page opened, to say so once nothing is in flight. */
  const [hasSaved, setHasSaved] = useState(false);
  const readOnly = !opportunity.canEdit;

  const clearConflict = (key: string) =>
    setConflicts((current) => {
      if (!current[key]) return current;
      const { [key]: _done, ...rest } = current;
      return rest;
    });
  const saveHooks: LineSaveHooks = {
    bodyOf: (draft) => bodyOf(draft, exponent),
    canSend: (draft) =>
      (draft.description.trim() !== '' || draft.productId !== null) &&
      Object.keys(moneyErrorsOf(draft, exponent, currency)).length === 0,
    create: async (draft) =>
      toDraft(
        await api.post(
          `/opportunities/${opportunity.id}/line-items`,
          lineItemSchema,
          bodyOf(draft, exponent),
        ),
        exponent,
      ),
    update: async (draft) =>
      toDraft(
        await api.patch(`/line-items/${draft.id}`, lineItemSchema, bodyOf(draft, exponent), {
          ifMatch: draft.version,
        }),
        exponent,
      ),
    remove: (draft) => api.delete(`/line-items/${draft.id}`, { ifMatch: draft.version }),
    onSaved: (key) => {
      setRowErrors((current) => ({ ...current, [key]: {} }));
      clearConflict(key);
      setHasSaved(true);
      refresh();
    },
    onSaveFailed: (key, error) => {
      if (error instanceof ApiError) setRowErrors((current) => ({ ...current, [key]: error.fieldErrors }));
      notifyError(error, 'The line item was not saved');
      if (!(error instanceof ApiError) || error.status >= 500) return { kind: 'failed' };
      if (!isVersionConflict(error)) return { kind: 'refused' };
      refresh();
      const current = lineItemSchema.safeParse(error.details?.current);
      if (!current.success) return { kind: 'failed' };
      setConflicts((known) => ({ ...known, [key]: true }));
      return { kind: 'conflict', current: toDraft(current.data, exponent) };
    },
    onRemoved: refresh,
    onRemoveFailed: (_key, error) => {
      notifyError(error, 'The line item was not removed');
      if (isVersionConflict(error)) refresh();
    },
  };
  // The queue outlives renders; it reads the hooks of the latest one.
  const hooksRef = useRef(saveHooks);
  hooksRef.current = saveHooks;
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const [queue] = useState(() => new LineSaveQueue(() => hooksRef.current, rerender));
  queue.syncServer(serverDrafts);
  const rows: Draft[] = queue.rows();

  // Leaving the page while a line is typed but not saved, or still saving, asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!queue.hasUnsaved()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [queue]);

  /** A field was left: the line saves what it holds; money the parser cannot read is marked, not sent. */
  function saveLine(key: string) {
    window.clearTimeout(typingTimers.current.get(key));
    const draft = queue.draftOf(key);
    if (!draft) return;
    // Sending it as "no price" would quietly lose what was typed.
    setMoneyErrors((current) => ({ ...current, [key]: moneyErrorsOf(draft, exponent, currency) }));
    // A new line the server cannot take yet says why, instead of staying in this browser only.
    const needsName =
      draft.id === null &&
      draft.productId === null &&
      draft.description.trim() === '' &&
      [draft.unitPrice, draft.amount].some((value) => value.trim() !== '');
    if (needsName)
      setRowErrors((current) => ({
        ...current,
        [key]: { ...current[key], description: 'Pick a product or type a description to save this line' },
      }));
    queue.save(key);
  }

  /**
   * What is typed is also saved after a pause in typing, not only when its field is left: a price
   * typed last, with the page then closed or reloaded, is not lost. Money the parser cannot read yet
   * ("12,") waits for the field to be left, where it is marked.
   */
  const typingTimers = useRef(new Map<string, number>());
  useEffect(() => {
    const timers = typingTimers.current;
    return () => {
      for (const timer of timers.values()) window.clearTimeout(timer);
    };
  }, []);
  function update(key: string, field: keyof Draft, value: string) {
    queue.edit(key, (draft) => ({ ...draft, [field]: value }));
    window.clearTimeout(typingTimers.current.get(key));
    typingTimers.current.set(
      key,
      window.setTimeout(() => {
        // Mid-typing, only what the contract already accepts is sent (a quantity cleared to retype
        // is not refused by the server while the person is still at it); leaving the field sends
        // whatever it holds and shows what is wrong.
        const draft = queue.draftOf(key);
        const schema = draft?.id === null ? lineItemCreateSchema : lineItemUpdateSchema;
        if (draft && schema.safeParse(bodyOf(draft, exponent)).success) queue.save(key);
      }, savePauseMillis),
    );
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

  function chooseProduct(key: string, rowIndex: number, productId: string | null) {
    const draft = queue.draftOf(key);
    if (!draft) return;
    const next = productFill(productId);
    const filled = fillLineFromProduct(draft, productFill(draft.productId), next);
    queue.edit(key, () => ({ ...filled, productId }));
    if (next && (filled.description !== draft.description || filled.unitPrice !== draft.unitPrice)) {
      const price = parseDecimalMinor(filled.unitPrice, exponent);
      setAnnouncement(
        `Line ${rowIndex + 1}: ${filled.description}${price === null ? ', no list price' : ` at ${formatMoney(price, currency, exponent)}`}`,
      );
    }
  }

  /** Money reads as money once typed: grouped, with the currency's decimals. */
  function tidyMoney(key: string, field: 'unitPrice' | 'amount') {
    queue.edit(key, (draft) => {
      const minor = parseDecimalMinor(draft[field], exponent);
      return minor === null ? draft : { ...draft, [field]: formatMinorInput(minor, exponent) };
    });
  }

  /**
   * A line saves as soon as one of its fields is left (not only its row), so a line typed and
   * tabbed through is kept even if the page is closed right after.
   */
  function onRowBlur(key: string, event: FocusEvent<HTMLElement>) {
    if (event.relatedTarget instanceof HTMLElement && event.relatedTarget.closest('[data-combobox-dropdown]'))
      return;
    saveLine(key);
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
    queue.add(Array.from({ length: count }, () => blankDraft(opportunity.decisionDate)));
  }

  /** "Add line": the new line is typed into at once, from its product. */
  function addRowsAndFocus(count: number) {
    const first = rows.length;
    addRows(count);
    requestAnimationFrame(() => focusCell(first, 'product'));
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
    queue.dropBlankNewLines();
    queue.add(pasted);
    for (const draft of pasted) saveLine(draft.key);
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
  const errorOf = (key: string, field: string) => moneyErrors[key]?.[field] ?? rowErrors[key]?.[field];
  const conflictLines = rows.flatMap((row, index) => (conflicts[row.key] ? [index + 1] : []));
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
      error={errorOf(draft.key, errorField[column] ?? column)}
      styles={props.align ? { input: { textAlign: props.align } } : undefined}
      onChange={(event) => update(draft.key, key, event.currentTarget.value)}
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
          error={errorOf(draft.key, 'productId')}
          comboboxProps={{ withinPortal: true }}
          onChange={(value) => chooseProduct(draft.key, rowIndex, value)}
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
        onBlur: () => tidyMoney(draft.key, 'unitPrice'),
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
          onBlur: () => tidyMoney(draft.key, 'amount'),
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
          onChange={(value) => value && update(draft.key, 'outcome', value)}
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
    queue.remove(draft.key);
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
              onBlur={(event) => onRowBlur(draft.key, event)}
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
                onBlur={(event) => onRowBlur(draft.key, event)}
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
      {[rowErrors, moneyErrors].some((byLine) =>
        Object.values(byLine).some((errors) => Object.keys(errors).length > 0),
      ) && (
        <Alert color="red" p="xs">
          <Text size="xs">Some lines were not saved; their fields are marked.</Text>
        </Alert>
      )}
      {conflictLines.length > 0 && (
        <Alert color="orange" p="xs">
          <Text size="xs">
            Someone else changed {conflictLines.length === 1 ? 'line' : 'lines'} {conflictLines.join(', ')}{' '}
            meanwhile. What you typed is kept on top of their version and saved when you next leave one of its
            fields.
          </Text>
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
            <Button size={isPhone ? 'sm' : 'xs'} variant="light" onClick={() => addRowsAndFocus(1)}>
              Add line
            </Button>
            <Button size={isPhone ? 'sm' : 'xs'} variant="subtle" onClick={() => addRowsAndFocus(3)}>
              Add 3 lines
            </Button>
            <Text size="xs" c="dimmed" miw="7ch">
              {queue.isSaving() ? 'Saving…' : queue.hasUnsaved() ? 'Not saved yet' : hasSaved ? 'Saved' : ''}
            </Text>
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
