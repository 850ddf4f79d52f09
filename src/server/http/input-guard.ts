import type { FastifyInstance } from 'fastify';
import { AppError, validationError } from './app-error.ts';
import { parseJsonBody } from './json-body.ts';

/** No request needs more: the deepest body (an opportunity with line items) is three levels. */
export const maxBodyDepth = 32;

const loneSurrogate = /\p{Surrogate}/u;
const loneSurrogates = /\p{Surrogate}/gu;

export type TextProblem = { field: string; message: string };

/** Why a piece of text cannot be stored exactly as sent, or null when it can. */
function problemOfText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (loneSurrogate.test(text)) return 'contains an unpaired surrogate (not valid Unicode text)';
  return null;
}

/** A key as it can be named in an error: NUL and unpaired surrogates written as escapes. */
function printableKey(key: string): string {
  return key
    .replaceAll('\u0000', '\\0')
    .replace(loneSurrogates, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Frame = {
  value: unknown;
  /** The key or index that leads here from the parent, or null for the body itself. */
  segment: string | null;
  parent: Frame | null;
  /** How many arrays and objects enclose this value (the body itself is at 0). */
  depth: number;
  /** An object key still to check before the value. */
  key?: string;
};

function pathOf(frame: Frame): string {
  const segments: string[] = [];
  for (let at: Frame | null = frame; at !== null; at = at.parent) {
    if (at.segment !== null) segments.push(at.segment);
  }
  return segments.reverse().join('.') || '(body)';
}

/**
 * The first field (in document order) whose text cannot be stored exactly as sent (a NUL character,
 * an unpaired surrogate, in a value or a key), or the first array or object nested more than
 * `maxBodyDepth` levels deep; null when the value is acceptable. Iterative, so no nesting, however
 * deep, can exhaust the stack.
 */
export function findUnacceptableInput(value: unknown, maxDepth = maxBodyDepth): TextProblem | null {
  const stack: Frame[] = [{ value, segment: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.key !== undefined) {
      const problem = problemOfText(frame.key);
      if (problem !== null) return { field: pathOf(frame), message: problem };
    }
    const current = frame.value;
    if (typeof current === 'string') {
      const problem = problemOfText(current);
      if (problem !== null) return { field: pathOf(frame), message: problem };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (frame.depth + 1 > maxDepth) {
      return { field: pathOf(frame), message: `is nested more than ${maxDepth} levels deep` };
    }
    const depth = frame.depth + 1;
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index], segment: String(index), parent: frame, depth });
      }
    } else {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index] as string;
        stack.push({
          value: (current as Record<string, unknown>)[key],
          segment: printableKey(key),
          parent: frame,
          depth,
          key,
        });
      }
    }
  }
  return null;
}

/**
 * The first query parameter (by name) that cannot be read exactly as sent: a NUL character, or
 * percent-encoding that does not decode to UTF-8 text (an encoded unpaired surrogate `%ED%A0%80`,
 * a stray `%`), which the query parser would otherwise pass on undecoded; or one given twice.
 */
export function findUnacceptableQuery(query: string): TextProblem | null {
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const key = decodeQueryPart(rawKey);
    const field = key === null ? rawKey : printableKey(key);
    if (key === null) return { field, message: 'is not valid percent-encoded UTF-8' };
    const keyProblem = problemOfText(key);
    if (keyProblem !== null) return { field, message: keyProblem };
    // No parameter takes several values (lists are comma-separated); the query parser would pass
    // them on as an array that each schema would refuse in its own words.
    if (seen.has(key)) return { field, message: 'is given more than once; give it once' };
    seen.add(key);
    const value = decodeQueryPart(rawValue);
    if (value === null) return { field, message: 'is not valid percent-encoded UTF-8' };
    const valueProblem = problemOfText(value);
    if (valueProblem !== null) return { field, message: valueProblem };
  }
  return null;
}

function decodeQueryPart(part: string): string | null {
  const text = part.replaceAll('+', ' ');
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function queryError(problem: TextProblem) {
  return new AppError('VALIDATION_FAILED', `Invalid query: ${problem.field} ${problem.message}`, {
    in: 'query',
    fields: [problem],
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text reaches storage exactly as sent, or is refused by field before anything else looks at it:
 * no NUL characters (PostgreSQL cannot store one, and no person types one), no unpaired surrogates
 * (neither engine can store one; they would come back as U+FFFD), no body that is not UTF-8, and no
 * body nested deeper than any request needs — the same on both engines, for bodies and addresses.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(
        validationError(
          [{ field: '(body)', message: 'is not valid UTF-8 text' }],
          'The body is not valid UTF-8',
        ),
        undefined,
      );
      return;
    }
    parseJsonBody(text, done);
  });

  app.addHook('onRequest', async (request) => {
    const queryStart = request.url.indexOf('?');
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    if (/%00/i.test(path)) {
      throw validationError(
        [{ field: '(path)', message: 'must not contain a NUL character' }],
        'The address contains a NUL character',
      );
    }
    if (queryStart === -1) return;
    const problem = findUnacceptableQuery(request.url.slice(queryStart + 1));
    if (problem !== null) throw queryError(problem);
    // A read that declares no query parameters takes none: a filter it would ignore is refused.
    const takesNoQuery =
      (request.method === 'GET' || request.method === 'HEAD') &&
      request.url.startsWith('/api/v1/') &&
      request.routeOptions.url !== undefined &&
      request.routeOptions.schema?.querystring === undefined;
    const [first] = Object.keys(request.query as Record<string, unknown>);
    if (takesNoQuery && first !== undefined) {
      throw queryError({ field: printableKey(first), message: 'is not a parameter this request takes' });
    }
  });
  app.addHook('preValidation', async (request) => {
    const problem = findUnacceptableInput(request.body);
    if (problem !== null) throw validationError([problem]);
  });
}
