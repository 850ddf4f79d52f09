// Adds each new file under src/server/db/migrations/ to src/server/db/migrations.lock.json with its
// sha256. An entry already there is never rewritten: a migration is immutable once it has landed
// (a database that ran it would not run it again), so a change goes into a new migration instead.
// The test src/server/db/migrations-lock.test.ts fails when a locked file changed or disappeared.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const directory = join(root, 'src/server/db/migrations');
const lockPath = join(root, 'src/server/db/migrations.lock.json');

const locked = existsSync(lockPath) ? JSON.parse(readFileSync(lockPath, 'utf8')) : {};
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.ts'))
  .sort();
const sha256 = (name) =>
  createHash('sha256')
    .update(readFileSync(join(directory, name)))
    .digest('hex');

let problems = 0;
for (const name of Object.keys(locked)) {
  if (!files.includes(name)) {
    console.error(`${name}: locked but missing (a landed migration may not be removed)`);
    problems += 1;
  } else if (sha256(name) !== locked[name]) {
    console.error(`${name}: changed since it was locked (write a new migration instead)`);
    problems += 1;
  }
}
const added = files.filter((name) => !(name in locked));
for (const name of added) locked[name] = sha256(name);
const sorted = Object.fromEntries(
  Object.keys(locked)
    .sort()
    .map((name) => [name, locked[name]]),
);
writeFileSync(lockPath, `${JSON.stringify(sorted, null, 2)}\n`);
for (const name of added) console.log(`locked ${name}`);
if (added.length === 0) console.log('no new migration to lock');
if (problems > 0) process.exit(1);
