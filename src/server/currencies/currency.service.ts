import type { Kysely } from 'kysely';
import type { Currency } from '../../core/contract/currencies.ts';
import {
  convertMinorBounded,
  formatRate,
  maxAmountText,
  parseRate,
  weightedMinor,
} from '../../core/money.ts';
import type { Principal } from '../../core/principal.ts';
import { nowIso, todayIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import {
  AppError,
  amountOutOfBounds,
  forbidden,
  notFound,
  validationError,
  versionConflict,
} from '../http/app-error.ts';
import { getReportingCurrency } from '../settings/setting.repository.ts';
import {
  findCurrenciesWithRates,
  findCurrency,
  findRateOn,
  findRates,
  updateCurrencyRow,
  upsertRate,
} from './currency.repository.ts';

export type RateInForce = { currency: string; exponent: number; rate: string };

/**
 * The rate an opportunity in `currency` is saved with today (SPEC §4). A currency without a rate
 * cannot hold opportunities until an administrator adds one.
 */
export async function rateInForce(
  db: Kysely<Database>,
  currency: string,
  field = 'currency',
): Promise<RateInForce> {
  const row = await findCurrency(db, currency);
  if (!row) throw validationError([{ field, message: `${currency} is not an ISO 4217 currency` }]);
  const rate = await findRateOn(db, currency, todayIso());
  if (!rate) {
    throw new AppError(
      'UNPROCESSABLE',
      `There is no exchange rate for ${currency}; an administrator must add one first`,
      {
        fields: [{ field, message: `has no exchange rate yet` }],
      },
    );
  }
  return { currency, exponent: row.exponent, rate: formatRate(parseRate(rate.rate)) };
}

export type ReportingAmounts = { amountReportingMinor: number; weightedReportingMinor: number };

/**
 * The reporting-currency figures of an amount at a saved rate; null when its value there passes the
 * largest amount stored (an amount near the bound in a currency worth more than the reporting one,
 * or any sizeable amount at an extreme rate).
 */
export function toReporting(
  amountMinor: number,
  probability: number,
  from: { rate: string; exponent: number },
  reporting: { exponent: number },
): ReportingAmounts | null {
  const amountReportingMinor = convertMinorBounded(amountMinor, from, {
    rate: '1',
    exponent: reporting.exponent,
  });
  if (amountReportingMinor === null) return null;
  return { amountReportingMinor, weightedReportingMinor: weightedMinor(amountReportingMinor, probability) };
}

/** `toReporting` for a write: an amount worth more than the bound in the reporting currency is refused (422 on `field`). */
export function toReportingOrRefuse(
  amountMinor: number,
  probability: number,
  from: { rate: string; exponent: number },
  reporting: { code: string; exponent: number },
  field: string,
): ReportingAmounts {
  const converted = toReporting(amountMinor, probability, from, reporting);
  if (converted) return converted;
  throw amountOutOfBounds(
    [field],
    `is worth more than ${maxAmountText} of ${reporting.code} (the reporting currency) at the exchange rate ${from.rate}, the largest amount stored`,
  );
}

export async function reportingCurrencyInfo(
  db: Kysely<Database>,
): Promise<{ code: string; exponent: number }> {
  const code = await getReportingCurrency(db);
  const row = await findCurrency(db, code);
  return { code, exponent: row?.exponent ?? 2 };
}

type CurrencyWithRateRow = Awaited<ReturnType<typeof findCurrenciesWithRates>>[number];

function toCurrency(row: CurrencyWithRateRow): Currency {
  return {
    code: row.code,
    name: row.name,
    exponent: row.exponent,
    isActive: Boolean(row.is_active),
    rate: row.rate,
    rateDate: row.effective_date,
    version: row.version,
  };
}

export async function listCurrencies(
  db: Kysely<Database>,
  all: boolean,
): Promise<{ reportingCurrency: string; items: Currency[] }> {
  const rows = await findCurrenciesWithRates(db, todayIso(), all);
  return { reportingCurrency: await getReportingCurrency(db), items: rows.map(toCurrency) };
}

/** One currency (any ISO 4217 one) with the rate in force today. */
export async function getCurrency(db: Kysely<Database>, code: string): Promise<Currency> {
  const [row] = await findCurrenciesWithRates(db, todayIso(), true, code);
  if (!row) throw notFound('Currency');
  return toCurrency(row);
}

/**
 * Changes the currency row if it is still at the version read (and at `expectedVersion`, the
 * caller's If-Match, when given); otherwise VERSION_CONFLICT with the currency as it is now. The
 * check is part of the update statement, so of simultaneous changes to one version exactly one wins.
 */
async function changeCurrency(
  db: Kysely<Database>,
  code: string,
  expectedVersion: number | undefined,
  values: { is_active: number },
): Promise<void> {
  const current = await findCurrency(db, code);
  if (!current) throw notFound('Currency');
  const stale = async () => {
    const latest = await getCurrency(db, code);
    return versionConflict({ currentVersion: latest.version, current: latest });
  };
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw await stale();
  if (!(await updateCurrencyRow(db, code, current.version, values))) throw await stale();
}

export async function listRates(db: Kysely<Database>, code: string) {
  if (!(await findCurrency(db, code))) throw notFound('Currency');
  const rows = await findRates(db, code);
  return rows.map((row) => ({
    currency: row.currency,
    effectiveDate: row.effective_date,
    rate: row.rate,
    createdAt: row.created_at,
  }));
}

/**
 * Admins keep rates (SPEC §4); the reporting currency's own rate is always 1. Adding a rate offers
 * the currency and moves its version on; a stale `expectedVersion` (If-Match) adds nothing.
 */
export async function setRate(
  db: Kysely<Database>,
  principal: Principal,
  code: string,
  expectedVersion: number | undefined,
  input: { rate: string; effectiveDate: string },
) {
  if (principal.role !== 'admin') throw forbidden('Only administrators maintain exchange rates');
  const currency = await findCurrency(db, code);
  if (!currency) throw notFound('Currency');
  if (code === (await getReportingCurrency(db)) && parseRate(input.rate) !== parseRate('1')) {
    throw validationError([{ field: 'rate', message: 'the reporting currency’s rate is always 1' }]);
  }
  return db.transaction().execute(async (trx) => {
    await changeCurrency(trx, code, expectedVersion, { is_active: 1 });
    await upsertRate(trx, {
      currency: code,
      effective_date: input.effectiveDate,
      rate: formatRate(parseRate(input.rate)),
      created_by: principal.userId,
      created_at: nowIso(),
    });
    return { items: await listRates(trx, code), version: (await getCurrency(trx, code)).version };
  });
}

export async function setCurrencyActive(
  db: Kysely<Database>,
  principal: Principal,
  code: string,
  expectedVersion: number | undefined,
  isActive: boolean,
): Promise<Currency> {
  if (principal.role !== 'admin') throw forbidden('Only administrators maintain currencies');
  return db.transaction().execute(async (trx) => {
    await changeCurrency(trx, code, expectedVersion, { is_active: isActive ? 1 : 0 });
    return getCurrency(trx, code);
  });
}
