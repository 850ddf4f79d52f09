import { productCreateSchema } from '../../core/contract/products.ts';
import type { FieldError } from '../../core/errors.ts';
import { productCatalogKey } from '../../core/line-pricing.ts';
import { findCurrencyExponents } from '../currencies/currency.repository.ts';
import { reportingCurrencyInfo } from '../currencies/currency.service.ts';
import { createProduct } from '../products/product.service.ts';
import { isCellError, readFlag, readMoney } from './cell-values.ts';
import { findProductKeys } from './import-references.repository.ts';
import { fieldErrorsOf, type ImportRun, issuesAsFieldErrors, RowReader } from './import-run.ts';

function renameProductField(apiField: string): string {
  return apiField === 'listPriceMinor' ? 'listPrice' : apiField;
}

/**
 * Catalog products (administrators), through the same use case as `POST /products`. The type is
 * hardware and the brand is the family when a file leaves them out (the data set's products.csv
 * has a series, which becomes the family). A product already in the catalog (same part number, or
 * same type, brand, family and offering) is refused rather than doubled.
 */
export async function importProducts(run: ImportRun): Promise<void> {
  const { trx, principal, table, mapping, findings } = run;
  const reader = new RowReader(table, mapping);
  const exponents = await findCurrencyExponents(trx);
  const reporting = await reportingCurrencyInfo(trx);
  const catalog = await findProductKeys(trx);
  const partNumbers = new Map(
    catalog.filter((product) => product.part_number).map((p) => [p.part_number!.toLowerCase(), `id ${p.id}`]),
  );
  const offerings = new Map(catalog.map((product) => [productCatalogKey(product), `id ${product.id}`]));
  let done = 0;
  for (const row of table.rows) {
    const errors: FieldError[] = [];
    const family = reader.cell(row, 'family');
    const currency = (reader.cell(row, 'currency') ?? reporting.code).toUpperCase();
    const candidate: Record<string, unknown> = {
      type: (reader.cell(row, 'type') ?? 'hardware').toLowerCase(),
      brand: reader.cell(row, 'brand') ?? family,
      family,
      offering: reader.cell(row, 'offering'),
    };
    const partNumber = reader.cell(row, 'partNumber');
    if (partNumber !== undefined) candidate.partNumber = partNumber;
    const listPrice = reader.cell(row, 'listPrice');
    if (listPrice !== undefined) {
      const exponent = exponents.get(currency);
      if (exponent === undefined)
        errors.push({ field: 'currency', message: `${currency} is not a currency` });
      else {
        const price = readMoney(listPrice, currency, exponent);
        if (isCellError(price)) errors.push({ field: 'listPrice', message: price.error });
        else candidate.listPriceMinor = price.value;
      }
      candidate.currency = currency;
    } else if (reader.cell(row, 'currency') !== undefined) candidate.currency = currency;
    const active = reader.cell(row, 'isActive');
    if (active !== undefined) {
      const flag = readFlag(active);
      if (isCellError(flag)) errors.push({ field: 'isActive', message: flag.error });
      else candidate.isActive = flag.value;
    }
    const parsed = productCreateSchema.safeParse(candidate);
    if (!parsed.success) errors.push(...issuesAsFieldErrors(parsed.error.issues, renameProductField));
    if (parsed.success) {
      const input = parsed.data;
      const taken = input.partNumber ? partNumbers.get(input.partNumber.toLowerCase()) : undefined;
      if (taken) errors.push({ field: 'partNumber', message: `is already in the catalog (${taken})` });
      const key = productCatalogKey(input);
      const same = offerings.get(key);
      if (same) errors.push({ field: 'offering', message: `is already in the catalog (${same})` });
      if (errors.length === 0) {
        try {
          await createProduct(trx, principal, input);
          findings.created.products += 1;
          if (input.partNumber) partNumbers.set(input.partNumber.toLowerCase(), `row ${row.row}`);
          offerings.set(key, `row ${row.row}`);
        } catch (error) {
          errors.push(...fieldErrorsOf(error, renameProductField));
        }
      }
    }
    findings.addErrors(row.row, errors);
    done += 1;
    await run.progress('writing', done);
  }
}
