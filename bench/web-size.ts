/**
 * The web app's initial download: the JavaScript and CSS index.html loads before the first screen
 * (its module script, the modules it preloads, its style sheets), gzipped as served. Builds the app
 * first when its sources changed. Exits non-zero when the JavaScript exceeds the budget.
 *
 *   npm run bench:web
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Initial JavaScript, gzipped: what a first visit waits for on a slow line (~2 s at 1 Mbit/s). */
export const initialJavaScriptBudgetKb = 300;

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, [join(root, 'scripts/build-web-if-stale.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const web = join(root, 'dist/web');
const html = readFileSync(join(web, 'index.html'), 'utf8');
const referenced = (pattern: RegExp) => [...html.matchAll(pattern)].map((match) => match[1]!);
const scripts = [
  ...referenced(/<script[^>]+src="([^"]+)"/g),
  ...referenced(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
];
const styles = referenced(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g);
const sizeOf = (files: string[]) =>
  files.reduce(
    (sum, file) => {
      const bytes = readFileSync(join(web, file));
      return { raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );
const kb = (bytes: number) => Math.round(bytes / 1024);
const js = sizeOf(scripts);
const css = sizeOf(styles);
process.stdout.write(
  `Initial JavaScript: ${scripts.length} files, ${kb(js.raw)} KB (${kb(js.gzip)} KB gzipped; budget ${initialJavaScriptBudgetKb} KB)\nInitial CSS: ${styles.length} files, ${kb(css.raw)} KB (${kb(css.gzip)} KB gzipped)\n`,
);
if (kb(js.gzip) > initialJavaScriptBudgetKb) {
  process.stderr.write('The initial JavaScript is over its budget: split the screens it pulls in eagerly.\n');
  process.exitCode = 1;
}
