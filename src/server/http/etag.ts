import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationError } from './app-error.ts';

/** Responses carry the record version as a strong ETag (SPEC §9). */
export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('ETag', `"${version}"`);
}

/**
 * The version the caller says it edited, from `If-Match` (SPEC §9.1: optional on PATCH).
 * Returns undefined when absent or `*`; a value that names no version can never match, so it conflicts.
 */
export function expectedVersionOf(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(value) ?? /^\s*(\d{1,9})\s*$/.exec(value);
  if (!match?.[1]) {
    throw validationError([{ field: 'If-Match', message: 'must be an ETag returned by this API, e.g. "3"' }]);
  }
  return Number(match[1]);
}
