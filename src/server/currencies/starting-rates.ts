/**
 * Starting exchange rates against USD (USD per one unit), so the common currencies work without
 * set-up (SPEC §4). They are a starting point dated 2026-01-01; administrators keep rates current.
 */
export const startingRatesDate = '2026-01-01';

export const startingRatesToUsd: Record<string, string> = {
  USD: '1',
  EUR: '1.08',
  GBP: '1.27',
  JPY: '0.0067',
  CAD: '0.73',
  AUD: '0.66',
  CHF: '1.13',
  CNY: '0.138',
  INR: '0.012',
  BRL: '0.18',
  SEK: '0.095',
  NOK: '0.093',
  DKK: '0.145',
  PLN: '0.25',
  MXN: '0.055',
  ZAR: '0.054',
  SGD: '0.74',
  HKD: '0.128',
  NZD: '0.6',
  KRW: '0.00073',
  AED: '0.2723',
  SAR: '0.2667',
  ILS: '0.27',
  KWD: '3.25',
};
