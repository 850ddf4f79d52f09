import { describe, expect, it } from 'vitest';
import { limitSchema, optionalText, optionalWebsite, requiredText, sortSchema } from './common.ts';

describe('the shared request rules', () => {
  it('takes limits from 1 to 200 and defaults to 50', () => {
    expect(limitSchema.parse(undefined)).toBe(50);
    expect(limitSchema.parse('200')).toBe(200);
    for (const bad of ['0', '201', '1.5', 'abc', '-3', ''])
      expect(limitSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('trims required text and refuses blanks and control characters', () => {
    const name = requiredText(10);
    expect(name.parse('  Acme ')).toBe('Acme');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('a\u0000b').success).toBe(false);
    expect(name.safeParse('x'.repeat(11)).success).toBe(false);
  });

  it('clears optional text with null or an empty string, and keeps multi-line notes', () => {
    const note = optionalText(100);
    expect(note.parse('')).toBeNull();
    expect(note.parse(null)).toBeNull();
    expect(note.parse(undefined)).toBeUndefined();
    expect(note.parse('line one\nline two')).toBe('line one\nline two');
  });

  it('accepts web addresses with or without a scheme', () => {
    expect(optionalWebsite.parse('www.acme.example')).toBe('www.acme.example');
    expect(optionalWebsite.parse('https://acme.example/path')).toBe('https://acme.example/path');
    expect(optionalWebsite.safeParse('not a site').success).toBe(false);
  });

  it('reads a sort as a field and a direction', () => {
    const sort = sortSchema(['name', 'createdAt'] as const, 'name');
    expect(sort.parse(undefined)).toEqual({ field: 'name', direction: 'asc' });
    expect(sort.parse('-createdAt')).toEqual({ field: 'createdAt', direction: 'desc' });
    expect(sort.safeParse('password').success).toBe(false);
  });
});
