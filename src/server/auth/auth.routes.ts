import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiTokenListSchema,
  apiTokenSchema,
  createdTokenSchema,
  createTokenBodySchema,
  loginBodySchema,
  meSchema,
} from '../../core/contract/auth.ts';
import { idParamsSchema } from '../../core/contract/common.ts';
import { errorBodySchema } from '../../core/errors.ts';
import {
  checkSameOrigin,
  clearSessionCookie,
  requireAuthentication,
  sessionCookieName,
} from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import {
  createApiToken,
  describeMe,
  listApiTokens,
  revokeApiToken,
  signIn,
  signOut,
} from './auth.service.ts';

function isSecureCookie(context: AppContext, request: FastifyRequest): boolean {
  const setting = context.config.cookieSecure;
  return setting === 'always' || (setting === 'auto' && request.protocol === 'https');
}

function setSessionCookie(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
) {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isSecureCookie(context, request),
    maxAge: maxAgeSeconds,
  });
}

export function authRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { isPublic: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets the session cookie',
          body: loginBodySchema,
          response: { 200: meSchema, 401: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        checkSameOrigin(request);
        const signedIn = await signIn(context.db, context.config, request.body, {
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(context, request, reply, signedIn.sessionToken, signedIn.maxAgeSeconds);
        reply.header('Cache-Control', 'no-store');
        return describeMe(context.db, {
          principal: signedIn.principal,
          method: 'session',
          sessionId: null,
          csrfToken: signedIn.csrfToken,
        });
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { isPublic: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign out: ends the session and clears the cookie',
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        if (request.authentication?.sessionId) await signOut(context.db, request.authentication.sessionId);
        clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/auth/session',
      {
        config: { isPublic: true },
        schema: {
          tags: ['auth'],
          summary:
            'Whether the browser is signed in: the user, or null (never 401, for the web app’s first request)',
          response: { 200: z.object({ user: meSchema.nullable() }) },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return { user: request.authentication ? await describeMe(context.db, request.authentication) : null };
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, their firm and role',
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return describeMe(context.db, requireAuthentication(request));
      },
    );

    app.get(
      '/me/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'My personal API tokens (never the secrets)',
          response: { 200: apiTokenListSchema },
        },
      },
      async (request) => ({
        items: await listApiTokens(context.db, requireAuthentication(request).principal.userId),
      }),
    );

    app.post(
      '/me/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create a personal API token; the secret is in this answer only',
          body: createTokenBodySchema,
          response: { 201: createdTokenSchema },
        },
      },
      async (request, reply) => {
        const { principal } = requireAuthentication(request);
        const token = await createApiToken(context.db, principal.userId, request.body);
        reply.header('Cache-Control', 'no-store');
        return reply.code(201).send(token);
      },
    );

    app.delete(
      '/me/tokens/:id',
      {
        schema: {
          tags: ['auth'],
          summary: 'Revoke one of my API tokens',
          params: idParamsSchema,
          response: { 200: apiTokenSchema },
        },
      },
      async (request) =>
        revokeApiToken(context.db, requireAuthentication(request).principal.userId, request.params.id),
    );
  };
}
