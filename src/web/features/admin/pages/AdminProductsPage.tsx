import {
  Accordion,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type Product,
  productListSchema,
  productSchema,
  productTreeSchema,
} from '../../../../core/contract/products.ts';
import { api } from '../../../api/client.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { Money } from '../../../components/Money.tsx';
import { productTypeLabels } from '../../../lib/product-types.ts';
import { useMe } from '../../auth/hooks/useSession.ts';
import { ProductForm } from '../components/ProductForm.tsx';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function matches(product: Product, needle: string): boolean {
  return [product.brand, product.family, product.offering, product.partNumber ?? '']
    .join(' ')
    .toLowerCase()
    .includes(needle);
}

function ProductRows({
  products,
  onEdit,
  onToggleActive,
  pendingId,
}: {
  products: Product[];
  onEdit: (product: Product) => void;
  onToggleActive: (product: Product) => void;
  pendingId: number | null;
}) {
  return (
    <Table.Tbody>
      {products.map((product) => (
        <Table.Tr key={product.id}>
          <Table.Td>
            <Text size="sm">{product.offering}</Text>
          </Table.Td>
          <Table.Td w={160}>
            <Text size="sm" ff="monospace">
              {product.partNumber ?? '—'}
            </Text>
          </Table.Td>
          <Table.Td w={150} ta="right">
            {product.listPriceMinor !== null && product.currency ? (
              <Money amountMinor={product.listPriceMinor} currency={product.currency} size="sm" />
            ) : (
              <Text size="sm" c="dimmed" component="span">
                No list price
              </Text>
            )}
          </Table.Td>
          <Table.Td w={190} ta="right">
            <Group gap={4} justify="flex-end" wrap="nowrap">
              <Button
                size="xs"
                variant="subtle"
                aria-label={`Edit ${product.label}`}
                onClick={() => onEdit(product)}
              >
                Edit
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color={product.isActive ? 'red' : 'blue'}
                aria-label={`${product.isActive ? 'Deactivate' : 'Reactivate'} ${product.label}`}
                loading={pendingId === product.id}
                onClick={() => onToggleActive(product)}
              >
                {product.isActive ? 'Deactivate' : 'Reactivate'}
              </Button>
            </Group>
          </Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

function ProductHead({ label }: { label: string }) {
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{label}</Table.Th>
        <Table.Th>Part number</Table.Th>
        <Table.Th ta="right">List price</Table.Th>
        <Table.Th>
          <VisuallyHidden>Actions</VisuallyHidden>
        </Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * Admin → Product catalog (SPEC §2): the tree type → brand → family → offering with counts at every
 * level, adding and changing products, and deactivating them (never deleting: line items keep them).
 */
export function AdminProductsPage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  // Which branches are open survives reloads of the tree (e.g. after a product is deactivated).
  const [closedTypes, setClosedTypes] = useState<string[]>([]);
  const [openBrands, setOpenBrands] = useState<string[]>([]);
  const tree = useQuery({
    queryKey: ['products', 'tree'],
    queryFn: () => api.get('/products/tree', productTreeSchema),
  });
  // The tree holds active products only; the full list also brings the deactivated ones back into view.
  const everything = useQuery({
    queryKey: ['products', 'including-inactive'],
    queryFn: () => api.get('/products', productListSchema, { query: { includeInactive: 'true' } }),
  });
  const toggle = useMutation({
    mutationFn: (product: Product) =>
      api.patch(
        `/products/${product.id}`,
        productSchema,
        { isActive: !product.isActive },
        {
          ifMatch: product.version,
        },
      ),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      notifySuccess(
        saved.isActive
          ? `${saved.label} is offered again`
          : `${saved.label} is deactivated: no longer offered on new line items`,
      );
    },
    onError: (error) => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      notifyError(error, 'The product was not changed');
    },
  });

  if (tree.isLoading || everything.isLoading) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the product catalog" />
      </Center>
    );
  }
  const needle = filter.trim().toLowerCase();
  const types = (tree.data?.items ?? [])
    .map((type) => ({
      ...type,
      brands: type.brands
        .map((brand) => ({
          ...brand,
          families: brand.families
            .map((family) => ({
              ...family,
              offerings: needle ? family.offerings.filter((each) => matches(each, needle)) : family.offerings,
            }))
            .filter((family) => family.offerings.length > 0),
        }))
        .filter((brand) => brand.families.length > 0),
    }))
    .filter((type) => type.brands.length > 0);
  const countOf = (families: { offerings: Product[] }[]) =>
    families.reduce((sum, family) => sum + family.offerings.length, 0);
  const all = everything.data?.items ?? [];
  const activeCount = all.filter((product) => product.isActive).length;
  const inactive = all.filter((product) => !product.isActive && (!needle || matches(product, needle)));
  const brandCount = new Set(all.filter((product) => product.isActive).map((product) => product.brand)).size;
  const rowProps = {
    onEdit: (product: Product) => setEditing(product),
    onToggleActive: (product: Product) => toggle.mutate(product),
    pendingId: toggle.isPending ? (toggle.variables?.id ?? null) : null,
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group gap="md" align="flex-end">
          <TextInput
            label="Find in the catalog"
            placeholder="Brand, family, offering or part number"
            w={320}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
          />
          <Text size="sm" c="dimmed" pb={8}>
            {plural(activeCount, 'active product')} from {plural(brandCount, 'brand')}
            {all.length > activeCount && ` · ${all.length - activeCount} deactivated`}
          </Text>
        </Group>
        <Button onClick={() => setEditing('new')}>Add product</Button>
      </Group>

      {all.length === 0 ? (
        <Paper withBorder p="xl">
          <Stack align="center" gap="xs">
            <Text fw={500}>The product catalog is empty</Text>
            <Text size="sm" c="dimmed" ta="center" maw={520}>
              Add the products partners sell, each under its type, brand and family. They are then offered on
              line items and as a default product in people's opportunity defaults.
            </Text>
            <Button variant="light" onClick={() => setEditing('new')}>
              Add the first product
            </Button>
          </Stack>
        </Paper>
      ) : types.length === 0 && inactive.length === 0 ? (
        <Paper withBorder p="lg">
          <Text size="sm" c="dimmed" ta="center">
            {needle ? 'Nothing in the catalog matches this search.' : 'Every product is deactivated.'}
          </Text>
        </Paper>
      ) : (
        <Accordion
          multiple
          variant="separated"
          order={2}
          value={types.map((type) => type.type).filter((type) => needle || !closedTypes.includes(type))}
          onChange={(open) =>
            setClosedTypes(types.map((type) => type.type).filter((type) => !open.includes(type)))
          }
        >
          {types.map((type) => (
            <Accordion.Item key={type.type} value={type.type}>
              <Accordion.Control>
                <Group gap="xs">
                  <Text component="span" fw={600}>
                    {productTypeLabels[type.type]}
                  </Text>
                  <Badge size="sm" variant="light" color="gray">
                    {plural(
                      type.brands.reduce((sum, brand) => sum + countOf(brand.families), 0),
                      'product',
                    )}
                  </Badge>
                  <Text component="span" size="xs" c="dimmed">
                    {plural(type.brands.length, 'brand')}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Accordion
                  multiple
                  variant="contained"
                  order={3}
                  value={
                    needle
                      ? type.brands.map((brand) => `${type.type}/${brand.brand}`)
                      : openBrands.filter((key) => key.startsWith(`${type.type}/`))
                  }
                  onChange={(open) =>
                    setOpenBrands((current) => [
                      ...current.filter((key) => !key.startsWith(`${type.type}/`)),
                      ...open,
                    ])
                  }
                >
                  {type.brands.map((brand) => (
                    <Accordion.Item key={brand.brand} value={`${type.type}/${brand.brand}`}>
                      <Accordion.Control>
                        <Group gap="xs">
                          <Text component="span" size="sm" fw={600}>
                            {brand.brand}
                          </Text>
                          <Badge size="xs" variant="light" color="gray">
                            {plural(countOf(brand.families), 'product')}
                          </Badge>
                          <Text component="span" size="xs" c="dimmed">
                            {plural(brand.families.length, 'family', 'families')}
                          </Text>
                        </Group>
                      </Accordion.Control>
                      <Accordion.Panel>
                        <Stack gap="sm">
                          {brand.families.map((family) => (
                            <Table
                              key={family.family}
                              verticalSpacing={4}
                              aria-label={`${brand.brand} ${family.family}`}
                            >
                              <ProductHead label={`${family.family} (${family.offerings.length})`} />
                              <ProductRows products={family.offerings} {...rowProps} />
                            </Table>
                          ))}
                        </Stack>
                      </Accordion.Panel>
                    </Accordion.Item>
                  ))}
                </Accordion>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}

      {inactive.length > 0 && (
        <section aria-labelledby="inactive-products-heading">
          <Title order={2} size="h5" id="inactive-products-heading" mb={4}>
            Deactivated products ({inactive.length})
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            No longer offered on new line items; the line items that use them keep them.
          </Text>
          <Paper withBorder>
            <Table verticalSpacing={4} aria-label="Deactivated products">
              <ProductHead label="Product" />
              <ProductRows
                products={inactive.map((product) => ({ ...product, offering: product.label }))}
                {...rowProps}
                onEdit={(shown) => setEditing(inactive.find((product) => product.id === shown.id) ?? shown)}
              />
            </Table>
          </Paper>
        </section>
      )}

      {editing && (
        <ProductForm
          product={editing === 'new' ? undefined : editing}
          catalog={all}
          reportingCurrency={me?.reportingCurrency ?? 'USD'}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            // Show where the product now sits in the tree.
            setClosedTypes((current) => current.filter((type) => type !== saved.type));
            setOpenBrands((current) => [...new Set([...current, `${saved.type}/${saved.brand}`])]);
          }}
        />
      )}
    </Stack>
  );
}
