/** Timestamps are ISO 8601 UTC strings on both engines (sortable as text). */
export function nowIso(): string {
  return new Date().toISOString();
}

export function isoAfter(milliseconds: number, from: Date = new Date()): string {
  return new Date(from.getTime() + milliseconds).toISOString();
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
