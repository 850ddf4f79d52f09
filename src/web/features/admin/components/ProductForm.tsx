import {
  Alert,
  Autocomplete,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type Product,
  type ProductUpdate,
  productSchema,
  productTypes,
} from '../../../../core/contract/products.ts';
import {
  formatMinorDecimal,
  formatMoney,
  moneyInputError,
  parseDecimalMinor,
} from '../../../../core/money.ts';
import { api } from '../../../api/client.ts';
import { notifySuccess } from '../../../api/notify.ts';
import { ConflictAlert } from '../../../components/ConflictAlert.tsx';
import { useCurrencies, useCurrencyExponent } from '../../../hooks/useReferenceData.ts';
import { fieldErrorsOf, generalErrorOf } from '../../../lib/form-errors.ts';
import { productTypeLabels } from '../../../lib/product-types.ts';
import {
  isVersionConflict,
  rebaseValues,
  type VersionConflict,
  versionConflictOf,
} from '../../../lib/version-conflict.ts';

type ProductType = (typeof productTypes)[number];

type Values = {
  type: ProductType;
  brand: string;
  family: string;
  offering: string;
  partNumber: string;
  listPrice: string;
  currency: string | null;
  isActive: boolean;
};

const shownFields = [
  'type',
  'brand',
  'family',
  'offering',
  'partNumber',
  'listPriceMinor',
  'currency',
  'isActive',
];

function valuesOf(product: Product | undefined, exponentOf: (currency: string) => number, fallback: string) {
  const currency = product?.currency ?? null;
  const exponent = exponentOf(currency ?? fallback);
  return {
    type: product?.type ?? 'hardware',
    brand: product?.brand ?? '',
    family: product?.family ?? '',
    offering: product?.offering ?? '',
    partNumber: product?.partNumber ?? '',
    listPrice:
      product?.listPriceMinor === null || product?.listPriceMinor === undefined
        ? ''
        : formatMinorDecimal(product.listPriceMinor, exponent),
    currency: product ? currency : fallback,
    isActive: product?.isActive ?? true,
  } satisfies Values;
}

/**
 * Add a product to the catalog or change one: where it sits in the tree (type → brand → family →
 * offering), its part number, list price and whether it is still offered. Products are never deleted.
 */
export function ProductForm({
  product,
  catalog,
  reportingCurrency,
  onClose,
  onSaved,
}: {
  product?: Product;
  /** Every product, to suggest the brands and families already in use. */
  catalog: Product[];
  reportingCurrency: string;
  onClose: () => void;
  onSaved?: (product: Product) => void;
}) {
  const queryClient = useQueryClient();
  const currencies = useCurrencies();
  const exponentOf = useCurrencyExponent();
  const [base, setBase] = useState(product);
  const [values, setValues] = useState<Values>(() => valuesOf(product, exponentOf, reportingCurrency));
  const [conflict, setConflict] = useState<VersionConflict<Product> | null>(null);
  const [priceError, setPriceError] = useState<string | null>(null);
  const exponent = exponentOf(values.currency ?? reportingCurrency);
  const listPriceMinor =
    values.listPrice.trim() === '' ? null : parseDecimalMinor(values.listPrice, exponent);

  const save = useMutation({
    mutationFn: () => {
      const fields = {
        type: values.type,
        brand: values.brand,
        family: values.family,
        offering: values.offering,
        partNumber: values.partNumber,
        listPriceMinor,
        currency: values.currency,
        isActive: values.isActive,
      };
      if (!base) return api.post('/products', productSchema, fields);
      const started = valuesOf(base, exponentOf, reportingCurrency);
      const body: ProductUpdate = {};
      if (values.type !== started.type) body.type = values.type;
      if (values.brand !== started.brand) body.brand = values.brand;
      if (values.family !== started.family) body.family = values.family;
      if (values.offering !== started.offering) body.offering = values.offering;
      if (values.partNumber !== started.partNumber) body.partNumber = values.partNumber;
      if (values.listPrice !== started.listPrice || values.currency !== started.currency) {
        body.listPriceMinor = listPriceMinor;
        body.currency = values.currency;
      }
      if (values.isActive !== started.isActive) body.isActive = values.isActive;
      return api.patch(`/products/${base.id}`, productSchema, body, { ifMatch: base.version });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      notifySuccess(
        base
          ? `${saved.label} saved`
          : `${saved.offering} added under ${productTypeLabels[saved.type]} › ${saved.brand} › ${saved.family}`,
      );
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      if (!base || !isVersionConflict(error)) return;
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      const found = versionConflictOf(error, productSchema, base, {
        type: 'Type',
        brand: 'Brand',
        family: 'Family',
        offering: 'Offering',
        partNumber: 'Part number',
        listPriceMinor: 'List price (minor units)',
        currency: 'Currency',
        isActive: 'Active',
      });
      if (found?.current) {
        const theirs = found.current;
        setValues((mine) =>
          rebaseValues(
            mine,
            valuesOf(base, exponentOf, reportingCurrency),
            valuesOf(theirs, exponentOf, reportingCurrency),
          ),
        );
        setBase(theirs);
      }
      setConflict(found ?? { current: null, changes: [] });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const general = isVersionConflict(save.error) ? null : generalErrorOf(save.error, shownFields);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const brands = [...new Set(catalog.map((each) => each.brand))].sort();
  const families = [
    ...new Set(catalog.filter((each) => each.brand === values.brand).map((each) => each.family)),
  ].sort();

  function submit(event: FormEvent) {
    event.preventDefault();
    const listPriceError =
      values.listPrice.trim() === ''
        ? null
        : moneyInputError(values.listPrice, values.currency ?? reportingCurrency, exponent);
    if (listPriceError) {
      setPriceError(listPriceError);
      return;
    }
    setPriceError(null);
    save.mutate();
  }

  return (
    <Modal opened onClose={onClose} title={base ? `Edit ${base.label}` : 'Add a product'} size="lg">
      <form onSubmit={submit} noValidate aria-label={base ? 'Edit product' : 'Add a product'}>
        <Stack gap="sm">
          {conflict && <ConflictAlert what="product" conflict={conflict} />}
          {general && (
            <Alert color="red" role="alert" title="Not saved">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Select
              label="Type"
              required
              allowDeselect={false}
              data={productTypes.map((type) => ({ value: type, label: productTypeLabels[type] }))}
              value={values.type}
              error={errors.type}
              onChange={(value) => {
                const type = productTypes.find((each) => each === value);
                if (type) set('type', type);
              }}
            />
            <Autocomplete
              label="Brand"
              required
              data={brands}
              value={values.brand}
              error={errors.brand}
              onChange={(value) => set('brand', value)}
            />
            <Autocomplete
              label="Family"
              required
              data={families}
              value={values.family}
              error={errors.family}
              onChange={(value) => set('family', value)}
            />
            <TextInput
              label="Offering"
              required
              value={values.offering}
              error={errors.offering}
              onChange={(event) => set('offering', event.currentTarget.value)}
            />
            <TextInput
              label="Part number"
              description="Unique in the catalog; optional"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={values.partNumber}
              error={errors.partNumber}
              onChange={(event) => set('partNumber', event.currentTarget.value)}
            />
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                label="List price"
                inputMode="decimal"
                style={{ flex: 1 }}
                description={
                  listPriceMinor !== null && values.currency
                    ? formatMoney(listPriceMinor, values.currency, exponent)
                    : 'Optional'
                }
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                value={values.listPrice}
                error={priceError ?? errors.listPriceMinor}
                onChange={(event) => {
                  setPriceError(null);
                  set('listPrice', event.currentTarget.value);
                }}
              />
              <Select
                label="Currency"
                w={100}
                searchable
                clearable
                data={(currencies.data?.items ?? []).map((currency) => currency.code)}
                value={values.currency}
                error={errors.currency}
                onChange={(value) => set('currency', value)}
              />
            </Group>
          </SimpleGrid>
          <Switch
            label="Active: offered on new line items"
            description="Deactivate instead of deleting: line items that use the product keep it"
            checked={values.isActive}
            error={errors.isActive}
            onChange={(event) => set('isActive', event.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {base ? (conflict ? 'Save on top of their version' : 'Save product') : 'Add product'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
