import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A migration is immutable once it has landed: a database that already ran it never runs it again,
 * so an edit reaches fresh databases only. `migrations.lock.json` holds each landed file's sha256;
 * `npm run db:lock-migrations` adds new files and never rewrites an entry (docs/development.md).
 */
const directory = join(import.meta.dirname, 'migrations');
const locked = JSON.parse(readFileSync(join(import.meta.dirname, 'migrations.lock.json'), 'utf8')) as Record<
  string,
  string
>;
const files = readdirSync(directory).filter((name) => name.endsWith('.ts'));
const sha256 = (name: string) =>
  createHash('sha256')
    .update(readFileSync(join(directory, name)))
    .digest('hex');

describe('migrations.lock.json', () => {
  it('no landed migration was removed', () => {
    const missing = Object.keys(locked).filter((name) => !files.includes(name));
    expect(missing, `landed migrations may not be removed: ${missing.join(', ')}`).toEqual([]);
  });

  it('no landed migration was edited (put the change in a new migration)', () => {
    const changed = Object.keys(locked).filter(
      (name) => files.includes(name) && sha256(name) !== locked[name],
    );
    expect(
      changed,
      `edited after landing: ${changed.join(', ')}. Restore them and put the change in a new migration.`,
    ).toEqual([]);
  });

  it('every migration is locked', () => {
    const unlocked = files.filter((name) => !(name in locked));
    expect(
      unlocked,
      `not in migrations.lock.json: ${unlocked.join(', ')}. Run npm run db:lock-migrations.`,
    ).toEqual([]);
  });
});
