/** `npm run test:fast` (vitest.fast.config.ts) leaves out the tests that check this (`describe.skipIf(fastTier)`, or a shorter list of cases). */
export const fastTier = process.env.TEST_FAST === '1';
