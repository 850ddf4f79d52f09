import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

/** A save refused because someone else saved first (409, SPEC §9): their version and what differs. */
export type VersionConflict<T> = {
  /** The record as it is now on the server, when the answer carried it. */
  current: T | null;
  /** "Label: their value" for each field that differs from the version the user started from. */
  changes: string[];
};

export function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'VERSION_CONFLICT';
}

/**
 * Reads a 409 answer: the server sends the current record in `details.current`, so the form can
 * rebase onto it and tell the user what changed, instead of losing what they typed.
 */
export function versionConflictOf<T extends object>(
  error: unknown,
  schema: z.ZodType<T>,
  base: T,
  labels: Partial<Record<keyof T & string, string>>,
  show: (key: keyof T & string, value: unknown) => string = (_key, value) =>
    value === null || value === undefined || value === '' ? '—' : String(value),
): VersionConflict<T> | null {
  if (!isVersionConflict(error) || !(error instanceof ApiError)) return null;
  const parsed = schema.safeParse(error.details?.current);
  if (!parsed.success) return { current: null, changes: [] };
  const current = parsed.data;
  const changes = (Object.keys(labels) as (keyof T & string)[])
    .filter((key) => JSON.stringify(current[key]) !== JSON.stringify(base[key]))
    .map((key) => `${labels[key]}: ${show(key, current[key])}`);
  return { current, changes };
}

/**
 * Three-way merge of form values after a conflict: what the user changed stays, everything else
 * takes the other person's value, so saving again does not undo their work.
 */
export function rebaseValues<V extends object>(mine: V, startedFrom: V, theirs: V): V {
  const merged = { ...theirs };
  for (const key of Object.keys(mine) as (keyof V)[]) {
    if (JSON.stringify(mine[key]) !== JSON.stringify(startedFrom[key])) merged[key] = mine[key];
  }
  return merged;
}
