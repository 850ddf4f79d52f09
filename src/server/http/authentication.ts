import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Authentication, authenticateSession, authenticateToken } from '../auth/auth.service.ts';
import { safeEqual } from '../auth/secrets.ts';
import { AppError } from './app-error.ts';
import type { AppContext } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    authentication: Authentication | null;
  }
}

export const sessionCookieName = 'partnerline_session';
export const csrfHeaderName = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthenticated(message = 'Sign in first, or send an API token as Authorization: Bearer <token>') {
  return new AppError('UNAUTHENTICATED', message);
}

export function requireAuthentication(request: FastifyRequest): Authentication {
  if (!request.authentication) throw unauthenticated();
  return request.authentication;
}

function expectedOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function originOfUrl(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery defence for cookie-authenticated changes: the browser's Origin
 * (or Sec-Fetch-Site, or Referer) must be this site. Requests from a browser must also echo the
 * session's CSRF token. Callers with an API token carry no ambient credentials and are exempt.
 */
export function checkSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin !== expectedOrigin(request)) {
      throw new AppError('CSRF_REJECTED', 'Cross-site request refused: the Origin does not match this site');
    }
    return;
  }
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
  }
  const referer = request.headers.referer;
  if (referer !== undefined && originOfUrl(referer) !== expectedOrigin(request)) {
    throw new AppError('CSRF_REJECTED', 'Cross-site request refused: the Referer is another site');
  }
}

function isFromBrowser(request: FastifyRequest): boolean {
  return request.headers.origin !== undefined || request.headers['sec-fetch-site'] !== undefined;
}

function checkCsrf(request: FastifyRequest, authentication: Authentication): void {
  if (safeMethods.has(request.method)) return;
  checkSameOrigin(request);
  if (isFromBrowser(request)) {
    const sent = request.headers[csrfHeaderName];
    if (typeof sent !== 'string' || !authentication.csrfToken || !safeEqual(sent, authentication.csrfToken)) {
      throw new AppError('CSRF_REJECTED', `Send the session's CSRF token in the ${csrfHeaderName} header`);
    }
  }
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, { path: '/' });
}

/** Resolves the caller of every API request from `Authorization: Bearer` or the session cookie. */
export function registerAuthentication(app: FastifyInstance, context: AppContext): void {
  app.decorateRequest('authentication', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+([A-Za-z0-9_-]{10,200})\s*$/i.exec(header);
      const authentication = match?.[1] ? await authenticateToken(context.db, match[1]) : null;
      if (!authentication) throw unauthenticated('The API token is not valid, has expired or was revoked');
      request.authentication = authentication;
      return;
    }
    const cookie = request.cookies[sessionCookieName];
    if (!cookie) return;
    const authentication = await authenticateSession(context.db, context.config, cookie);
    if (!authentication) {
      clearSessionCookie(reply);
      return;
    }
    checkCsrf(request, authentication);
    request.authentication = authentication;
  });
}
