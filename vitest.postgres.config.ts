import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * CI's PostgreSQL tier (`.ci/run`, with TEST_DATABASE_URL set): only the test files that run once per
 * engine (they take `engines` from test/support/test-app.ts), and those on PostgreSQL alone. The unit
 * tests and the SQLite runs of the rest have run already in the SQLite tier (`npm test`).
 */
const takesEngines = /import\s*{[^}]*\bengines\b[^}]*}\s*from\s*'[^']*support\/test-app\.ts'/;
const perEngineFiles = ['src', 'test']
  .flatMap((root) => readdirSync(root, { recursive: true, encoding: 'utf8' }).map((path) => join(root, path)))
  .filter((path) => path.endsWith('.test.ts') && !path.startsWith(join('test', 'e2e')))
  .filter((path) => takesEngines.test(readFileSync(path, 'utf8')));

// Spread rather than mergeConfig, which would add these files to the base's `include`.
export default defineConfig({
  ...base,
  test: { ...base.test, include: perEngineFiles, env: { TEST_ENGINES: 'postgres' } },
});
