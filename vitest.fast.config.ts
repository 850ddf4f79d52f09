import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:fast`: the unit and API tests on SQLite, in under a minute on two cores. `npm test`
 * (vitest.config.ts) stays the full suite; this leaves to it the crash tests, the load and fuzz
 * tests, and the seed and data-set tests that take tens of seconds each:
 */
const slowFiles = [
  'test/reliability/**', // SIGKILL during writes and imports, online backup under writes
  'test/api/fuzz.test.ts', // every route with generated bodies
  'src/server/import-export/dataset-import.api.test.ts', // the whole public data set, imported
  'src/server/import-export/import-concurrency.api.test.ts', // twelve imports at once
];

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: slowFiles,
      // One module graph per worker instead of one per file: importing the app per file costs more
      // than most files' tests. Every test file builds its own app and database.
      isolate: false,
      maxWorkers: 2,
      // Slow cases inside fast files check `fastTier` (test/support/tiers.ts).
      env: { TEST_ENGINES: 'sqlite', TEST_FAST: '1' },
    },
  }),
);
