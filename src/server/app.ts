import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { activityRoutes } from './activities/activity.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { clientErrorRoutes } from './client-errors/client-error.routes.ts';
import { clientRoutes } from './clients/client.routes.ts';
import { closeReasonRoutes } from './close-reasons/close-reason.routes.ts';
import type { AppConfig } from './config.ts';
import { contactRoutes } from './contacts/contact.routes.ts';
import { currencyRoutes } from './currencies/currency.routes.ts';
import type { AppDatabase } from './db/database.ts';
import { defaultsRoutes } from './defaults/defaults.routes.ts';
import { favoriteRoutes } from './favorites/favorite.routes.ts';
import { firmRoutes } from './firms/firm.routes.ts';
import { AppError } from './http/app-error.ts';
import { registerAuthentication } from './http/authentication.ts';
import type { AppContext } from './http/context.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerInputGuard } from './http/input-guard.ts';
import { importExportRoutes } from './import-export/import-export.routes.ts';
import { lineItemRoutes } from './line-items/line-item.routes.ts';
import { notificationRoutes } from './notifications/notification.routes.ts';
import { opportunityRoutes } from './opportunities/opportunity.routes.ts';
import { passingRoutes } from './passing/passing.routes.ts';
import { productRoutes } from './products/product.routes.ts';
import { recentViewRoutes } from './recent/recent-view.routes.ts';
import { reportRoutes } from './reports/report.routes.ts';
import { salesTeamRoutes } from './sales-team/sales-team.routes.ts';
import { savedSearchRoutes } from './saved-searches/saved-search.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { stageRoutes } from './stages/stage.routes.ts';
import { userRoutes } from './users/user.routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered without signing in (health, sign-in, the API description). */
    isPublic?: boolean;
  }
}

export type BuildAppOptions = {
  database: AppDatabase;
  config: AppConfig;
  /** Where the log goes instead of standard output (tests read what was logged). */
  logStream?: { write(line: string): void };
};

export const apiVersion = '0.1.0';

/**
 * Builds the whole HTTP app without listening, so tests drive it with `app.inject`
 * (docs/architecture.md rule 11).
 */
export async function buildApp({ database, config, logStream }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, ...(logStream !== undefined && { stream: logStream }) },
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  const context: AppContext = { db: database.db, databaseKind: database.kind, config };

  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by typed mappers, so they are serialized as they are; their zod schemas type
  // the handlers and describe the API in OpenAPI without being run on every response.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  registerErrorHandling(app, config.webRoot);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets element styles at run time; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    hsts: false,
  });
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Partnerline API',
        description:
          'Opportunity management for business partners and their vendor. Sign in with `POST /api/v1/auth/login` (session cookie) or send a personal API token as `Authorization: Bearer <token>`. Every record read answers an `ETag`; send it back as `If-Match` when you change the record.',
        version: apiVersion,
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (pl_…)' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'partnerline_session' },
        },
      },
      security: [{ bearerToken: [] }, { sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    theme: { title: 'Partnerline API reference' },
  });

  registerInputGuard(app);
  registerAuthentication(app, context);
  // Limits only the routes that ask for one (`config.rateLimit`); counted per address, in memory.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => {
      const seconds = Math.max(1, Math.ceil(limit.ttl / 1000));
      return new AppError(
        'RATE_LIMITED',
        `Too many requests; try again in ${limit.after}`,
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    },
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/') || request.routeOptions.url === undefined) return;
    if (!request.routeOptions.config.isPublic && !request.authentication) {
      throw new AppError(
        'UNAUTHENTICATED',
        'Sign in first, or send an API token as Authorization: Bearer <token>',
      );
    }
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { isPublic: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { isPublic: true },
          schema: {
            tags: ['system'],
            summary: 'Liveness and the database in use',
            response: {
              200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }),
            },
          },
        },
        async () => {
          await database.db.selectFrom('app_settings').select('key').limit(1).execute();
          return { status: 'ok' as const, database: database.kind };
        },
      );
      await api.register(authRoutes(context));
      await api.register(firmRoutes(context));
      await api.register(userRoutes(context));
      await api.register(clientRoutes(context));
      await api.register(contactRoutes(context));
      await api.register(favoriteRoutes(context));
      await api.register(searchRoutes(context));
      await api.register(opportunityRoutes(context));
      await api.register(lineItemRoutes(context));
      await api.register(salesTeamRoutes(context));
      await api.register(passingRoutes(context));
      await api.register(defaultsRoutes(context));
      await api.register(stageRoutes(context));
      await api.register(closeReasonRoutes(context));
      await api.register(currencyRoutes(context));
      await api.register(productRoutes(context));
      await api.register(activityRoutes(context));
      await api.register(savedSearchRoutes(context));
      await api.register(recentViewRoutes(context));
      await api.register(notificationRoutes(context));
      await api.register(reportRoutes(context));
      await api.register(importExportRoutes(context));
      await api.register(clientErrorRoutes());
    },
    { prefix: '/api/v1' },
  );

  if (config.webRoot && existsSync(join(config.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: config.webRoot,
      wildcard: false,
      index: false,
      setHeaders: (response, path) => {
        response.header(
          'Cache-Control',
          path.includes(`${join(config.webRoot ?? '', 'assets')}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }

  return app;
}
