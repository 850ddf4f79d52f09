import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
  type MantineThemeColors,
} from '@mantine/core';
import { readablePalette } from './readable-colors.ts';

/** The light gray surface the app draws text on (the sign-in page, cards, table heads, totals). */
const graySurfaces = [DEFAULT_THEME.colors.gray[0]];

/** Every light-scheme palette with text shades that read (see readable-colors.ts); `dark` is for the dark scheme. */
const colors = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).map(([name, palette]) => [
    name,
    (name === 'dark' ? palette : readablePalette(palette, graySurfaces)) as unknown as MantineColorsTuple,
  ]),
) as MantineThemeColors;

/**
 * Placeholders are text too (WCAG 1.4.3): they take the dimmed color (gray 6, readable above)
 * instead of Mantine's gray 5, which is 2:1 on white.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-placeholder': 'var(--mantine-color-gray-6)' },
  dark: {},
});

/**
 * The app's one theme: readable colors, a focus ring on whatever the keyboard reaches (Mantine's
 * `auto`: on :focus-visible), dialogs whose close button has a name, tooltips that open on focus
 * as well as on hover, and field errors that are announced when they appear (they are already tied
 * to their input with aria-describedby and aria-invalid).
 */
export const theme = createTheme({
  colors,
  primaryColor: 'blue',
  primaryShade: 6,
  defaultRadius: 'sm',
  focusRing: 'auto',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Button: { defaultProps: { size: 'sm' } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Tooltip: { defaultProps: { events: { hover: true, focus: true, touch: false } } },
    InputError: { defaultProps: { role: 'alert' } },
  },
});
