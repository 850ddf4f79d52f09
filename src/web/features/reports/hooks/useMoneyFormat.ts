import type { MinorTotal } from '../../../../core/money.ts';
import { formatMoney } from '../../../../core/money.ts';
import { useCurrencyExponent } from '../../../hooks/useReferenceData.ts';

/** Chart axes and tooltips need short amounts ("$1.2M"); tables show them in full. */
export function useMoneyFormat(currency: string) {
  const exponent = useCurrencyExponent()(currency);
  return {
    compact: (amountMinor: MinorTotal) => formatMoney(amountMinor, currency, exponent, { compact: true }),
    full: (amountMinor: MinorTotal) => formatMoney(amountMinor, currency, exponent),
  };
}
