import { Text, type TextProps } from '@mantine/core';
import type { MinorTotal } from '../../core/money.ts';
import { formatMoney } from '../../core/money.ts';
import { useCurrencyExponent } from '../hooks/useReferenceData.ts';

/** An amount of one record, or a total (exact: a string of digits past 2^53). */
type MoneyProps = TextProps & { amountMinor: MinorTotal; currency: string; compact?: boolean };

/** An amount in its currency, formatted for the reader's locale. */
export function Money({ amountMinor, currency, compact, ...props }: MoneyProps) {
  const exponentOf = useCurrencyExponent();
  return (
    <Text component="span" inherit {...props} style={{ fontVariantNumeric: 'tabular-nums', ...props.style }}>
      {formatMoney(amountMinor, currency, exponentOf(currency), { compact: Boolean(compact) })}
    </Text>
  );
}
