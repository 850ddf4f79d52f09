import { normalizeKey } from '../../core/import-fields.ts';

export type Match<T> = { found: T } | { error: string; ambiguous: boolean };

/**
 * Finds the record a cell names (SPEC §8: relations matched by name or number): first by an exact
 * key (a number, an email, a part number; without case), then by name compared without case,
 * spaces or punctuation, so "GTXPro" finds "GTX Pro". A name shared by several records is
 * ambiguous, and the answer says which key tells them apart.
 */
export class ReferenceIndex<T> {
  readonly #byKey = new Map<string, T[]>();
  readonly #byName = new Map<string, T[]>();

  constructor(
    private readonly what: string,
    private readonly keyName: string,
    private readonly describe: (record: T) => string,
    /** Where the records come from, for the message when none matches. */
    private readonly among = 'you can see',
  ) {}

  addKey(key: string | null | undefined, record: T): void {
    if (key) push(this.#byKey, key.trim().toLowerCase(), record);
  }

  addName(name: string | null | undefined, record: T): void {
    const key = name ? normalizeKey(name) : '';
    if (key) push(this.#byName, key, record);
  }

  find(text: string): Match<T> {
    const byKey = this.#byKey.get(text.trim().toLowerCase());
    if (byKey) return this.#single(text, byKey);
    const byName = this.#byName.get(normalizeKey(text));
    if (byName) return this.#single(text, byName);
    return {
      error: `no ${this.what} ${this.among} has the ${this.keyName} or name "${text}"`,
      ambiguous: false,
    };
  }

  #single(text: string, records: T[]): Match<T> {
    const distinct = [...new Set(records)];
    if (distinct.length === 1) return { found: distinct[0]! };
    const examples = distinct.slice(0, 3).map(this.describe).join(', ');
    return {
      error: `"${text}" matches ${distinct.length} ${this.what}s (${examples}${distinct.length > 3 ? ', …' : ''}); use the ${this.keyName}`,
      ambiguous: true,
    };
  }
}

function push<T>(map: Map<string, T[]>, key: string, record: T): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(record)) list.push(record);
  } else map.set(key, [record]);
}
