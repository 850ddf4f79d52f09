import { useMediaQuery } from '@mantine/hooks';

/** Below Mantine's `sm` breakpoint (48em, 768 px): the width of a phone held upright. */
export const phoneMediaQuery = '(max-width: 47.99em)';

/**
 * True on a phone-sized screen, where lists become cards, the board shows one stage at a time and
 * dialogs take the whole screen. Read at once (not after a first render), so a phone never draws the
 * desktop layout first.
 */
export function useIsPhone(): boolean {
  return useMediaQuery(phoneMediaQuery, undefined, { getInitialValueInEffect: false });
}
