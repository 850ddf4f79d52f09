import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/app-error.ts';

/**
 * How many imports one server process runs at once, and how many more it lets wait their turn.
 * An import holds a database connection for its whole transaction; with a pool of ten connections,
 * two running imports leave the rest of the app (and the job's progress updates) room to answer.
 * Beyond the waiting ones, an import is turned away with 429 and Retry-After rather than queued
 * without end.
 */
export const importsRunningAtOnce = 2;
export const importsWaitingAtMost = 8;
const retryAfterSeconds = 30;

export class ImportSlots {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly capacity: number,
    private readonly waitingAtMost: number,
  ) {}

  /** Runs the import when a slot is free; refuses at once when too many already wait. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.capacity) {
      this.#running += 1;
    } else {
      if (this.#waiting.length >= this.waitingAtMost) {
        throw new AppError(
          'RATE_LIMITED',
          `Too many imports are running; nothing was imported. Send the file again in ${retryAfterSeconds} seconds.`,
          undefined,
          { 'Retry-After': String(retryAfterSeconds) },
        );
      }
      // The slot is handed over by the import that ends, so #running stays as it is.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}

/** One set of slots per database (per connection pool) of this process. */
const slotsByDatabase = new WeakMap<Kysely<Database>, ImportSlots>();

export function importSlotsOf(db: Kysely<Database>): ImportSlots {
  let slots = slotsByDatabase.get(db);
  if (!slots) {
    slots = new ImportSlots(importsRunningAtOnce, importsWaitingAtMost);
    slotsByDatabase.set(db, slots);
  }
  return slots;
}
