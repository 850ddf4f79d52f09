/**
 * Colors that stay readable (WCAG 2.1 AA, 1.4.3): every text shade of a palette reaches 4.5:1 on
 * the surfaces it is drawn on. Mantine's default palettes keep their hue, but shades 6–9 are light
 * for text: its blue 6 (buttons, links) is 3.6:1 on white, green 9 on green 1 (a light badge) 3.8:1,
 * gray 6 (dimmed text) 3.3:1. Here each of shades 6–9 is darkened, keeping its hue, until it reads
 * on white and on the app's light gray surface, and shade 9 (the text of light badges, buttons and
 * alerts) also on the palette's own tints 0 and 1; shades 0–5 (backgrounds, borders) stay as they are.
 */

type Rgb = [number, number, number];

function rgbOf(hex: string): Rgb {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match?.[1]) throw new Error(`not a #rrggbb color: ${hex}`);
  const value = Number.parseInt(match[1], 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function hexOf([red, green, blue]: Rgb): string {
  return `#${[red, green, blue].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance, as WCAG 2.x defines it. */
export function luminance(hex: string): number {
  const [red, green, blue] = rgbOf(hex).map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

/** The contrast ratio of two colors, 1 to 21. */
export function contrast(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** Least contrast of each text shade (6, 7, 8, 9) against white: darker shades stay darker. */
const onWhite = [4.6, 5.2, 5.9, 6.6] as const;
/** Least contrast of every text shade against the light surfaces it may sit on. */
const onSurfaces = 4.5;

/**
 * The palette with shades 6–9 darkened (the channels scaled toward black, which keeps the hue)
 * just enough to reach the contrasts above on white and on the given surfaces, and for shade 9 on
 * the palette's own shades 0 and 1.
 */
export function readablePalette(palette: readonly string[], surfaces: readonly string[]): string[] {
  if (palette.length !== 10) throw new Error('a Mantine palette has ten shades');
  const result = [...palette];
  const tints = [palette[0] as string, palette[1] as string];
  let previous = palette[5] as string;
  for (let shade = 6; shade <= 9; shade += 1) {
    const original = rgbOf(palette[shade] as string);
    const reads = (color: string) =>
      contrast(color, '#ffffff') >= onWhite[shade - 6]! &&
      // Shade 9 is the text of light badges, buttons and alerts, drawn on the palette's own tints.
      [...surfaces, ...(shade === 9 ? tints : [])].every(
        (background) => contrast(color, background) >= onSurfaces,
      ) &&
      luminance(color) <= luminance(previous);
    let color = palette[shade] as string;
    for (let factor = 1; !reads(color) && factor > 0; factor -= 0.005) {
      color = hexOf(original.map((channel) => channel * factor) as Rgb);
    }
    result[shade] = color;
    previous = color;
  }
  return result;
}
