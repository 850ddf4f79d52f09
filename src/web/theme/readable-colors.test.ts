import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrast, readablePalette } from './readable-colors.ts';
import { theme } from './theme.ts';

const white = '#ffffff';
const graySurface = DEFAULT_THEME.colors.gray[0];
const lightPalettes = Object.entries(theme.colors ?? {})
  .filter(([name]) => name !== 'dark')
  .map(([name, palette]) => [name, [...(palette ?? [])]] as [string, string[]]);

describe('the theme’s colors', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', white)).toBeCloseTo(21, 5);
    expect(contrast(white, white)).toBe(1);
    // Mantine's own blue 6 and gray 6, the reason for all this.
    expect(contrast(DEFAULT_THEME.colors.blue[6], white)).toBeLessThan(4.5);
    expect(contrast(DEFAULT_THEME.colors.gray[6], white)).toBeLessThan(4.5);
  });

  it.each(lightPalettes)(
    '%s: shades 6–9 read on white and on the gray surface, white reads on them',
    (_, palette) => {
      for (const shade of [6, 7, 8, 9]) {
        expect(contrast(palette[shade]!, white), `shade ${shade} on white`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(palette[shade]!, graySurface), `shade ${shade} on gray 0`).toBeGreaterThanOrEqual(
          4.5,
        );
      }
    },
  );

  it.each(lightPalettes)(
    '%s: shade 9 (light badges, buttons, alerts) reads on its own tints',
    (_, palette) => {
      expect(contrast(palette[9]!, palette[0]!)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(palette[9]!, palette[1]!)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(lightPalettes)(
    '%s: shades 0–5 are Mantine’s, and each text shade is at least as dark as the one before',
    (name, palette) => {
      const original = DEFAULT_THEME.colors[name as keyof typeof DEFAULT_THEME.colors] ?? [];
      expect(palette.slice(0, 6)).toEqual(original.slice(0, 6));
      for (const shade of [7, 8, 9]) {
        expect(contrast(palette[shade]!, white)).toBeGreaterThanOrEqual(contrast(palette[shade - 1]!, white));
      }
    },
  );

  it('only darkens a shade as far as it must: a shade that already reads is kept', () => {
    const violet = readablePalette(DEFAULT_THEME.colors.violet, [graySurface]);
    expect(violet[9]).toBe(DEFAULT_THEME.colors.violet[9]);
    const green = readablePalette(DEFAULT_THEME.colors.green, [graySurface]);
    expect(green[6]).not.toBe(DEFAULT_THEME.colors.green[6]);
    // Green stays green: the channels are scaled together, so the strongest is still green.
    const [red, greenChannel, blue] = [1, 3, 5].map((at) => Number.parseInt(green[6]!.slice(at, at + 2), 16));
    expect(greenChannel).toBeGreaterThan(red!);
    expect(greenChannel).toBeGreaterThan(blue!);
  });
});
