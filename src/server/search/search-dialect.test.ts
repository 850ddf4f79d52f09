import { describe, expect, it } from 'vitest';
import { searchTokens } from './search-dialect.ts';

describe('search words', () => {
  it('splits at anything that is not a letter or digit, lower-cases and drops accents', () => {
    expect(searchTokens('Zürich  ACME-Corp.')).toEqual(['zurich', 'acme', 'corp']);
    expect(searchTokens('OPP-2026-000123')).toEqual(['opp', '2026', '000123']);
  });

  it('yields nothing for punctuation and SQL fragments only, so they match nothing', () => {
    expect(searchTokens('%%')).toEqual([]);
    expect(searchTokens("'; drop table clients; --")).toEqual(['drop', 'table', 'clients']);
    expect(searchTokens('"*" OR NEAR(')).toEqual(['or', 'near']);
  });
});
