import { errorCodes } from 'fastify';
import { validationError } from './app-error.ts';

/**
 * The path of the first key that could reach an object's prototype — `__proto__`, or `constructor`
 * holding a `prototype` — or null. Walks with its own stack, so any nesting the body limit lets
 * through is fine.
 */
export function findPrototypeKey(value: unknown): string | null {
  type Step = { value: unknown; key: string; parent: Step | null };
  const pathOf = (step: Step | null, last: string[]): string => {
    const keys = [...last];
    for (let at = step; at !== null && at.parent !== null; at = at.parent) keys.unshift(at.key);
    return keys.join('.');
  };
  const stack: Step[] = [{ value, key: '', parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.value === null || typeof step.value !== 'object') continue;
    for (const [key, item] of Object.entries(step.value)) {
      if (key === '__proto__') return pathOf(step, [key]);
      if (
        key === 'constructor' &&
        item !== null &&
        typeof item === 'object' &&
        Object.hasOwn(item, 'prototype')
      ) {
        return pathOf(step, [key, 'prototype']);
      }
      if (item !== null && typeof item === 'object') stack.push({ value: item, key, parent: step });
    }
  }
  return null;
}

/**
 * A JSON body's text parsed as Fastify does by default (malformed or empty JSON is a 400), except that
 * a well-formed body naming `__proto__` is refused like any other key no request accepts — with the
 * key named in `details.fields` — instead of being called "not valid JSON".
 */
export function parseJsonBody(text: string, done: (error: Error | null, body?: unknown) => void): void {
  if (text.length === 0) {
    done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    return;
  }
  const field = findPrototypeKey(parsed);
  if (field !== null) {
    done(validationError([{ field, message: 'is not a field this request accepts' }]), undefined);
    return;
  }
  done(null, parsed);
}
