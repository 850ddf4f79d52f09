import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  boardQuerySchema,
  boardSchema,
  homeQuerySchema,
  homeSchema,
  pipelineReportQuerySchema,
  pipelineReportSchema,
  timeInStageQuerySchema,
  timeInStageReportSchema,
  weightedByQuarterReportSchema,
  winLossQuerySchema,
  winLossReportSchema,
} from '../../core/contract/reports.ts';
import { errorBodySchema } from '../../core/errors.ts';
import { requireAuthentication } from '../http/authentication.ts';
import type { AppContext } from '../http/context.ts';
import { getBoard } from './board.service.ts';
import { getHome } from './home.service.ts';
import {
  getPipelineReport,
  getTimeInStageReport,
  getWeightedByQuarterReport,
  getWinLossReport,
} from './report.service.ts';

const errors = { 400: errorBodySchema, 422: errorBodySchema };

/** SPEC §8 Home, Pipeline board and Dashboard; SPEC §9.1 reports. Only what the caller may open counts. */
export function reportRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/reports/pipeline',
      {
        schema: {
          tags: ['reports'],
          summary: 'Pipeline by stage: count, total and weighted total in the reporting currency',
          description:
            'Takes the filters of `GET /opportunities`. Without `status` only open opportunities count; `status=all` counts every stage. `displayCurrency` converts the totals to another currency at today’s rate.',
          querystring: pipelineReportQuerySchema,
          response: { 200: pipelineReportSchema, ...errors },
        },
      },
      async (request) =>
        getPipelineReport(context.db, requireAuthentication(request).principal, request.query),
    );

    app.get(
      '/reports/weighted-by-quarter',
      {
        schema: {
          tags: ['reports'],
          summary: 'Pipeline per calendar quarter of the decision date: count, total, weighted total',
          description:
            'Same filters and defaults as `/reports/pipeline` (open opportunities unless `status` is given).',
          querystring: pipelineReportQuerySchema,
          response: { 200: weightedByQuarterReportSchema, ...errors },
        },
      },
      async (request) =>
        getWeightedByQuarterReport(context.db, requireAuthentication(request).principal, request.query),
    );

    app.get(
      '/reports/win-loss',
      {
        schema: {
          tags: ['reports'],
          summary: 'Closed deals by close reason and by the last open stage before closing',
          description:
            'Won deals count at their amount, lost deals at their value when they closed, both at the rate frozen at closing. `closedFrom`/`closedTo` bound the closing day.',
          querystring: winLossQuerySchema,
          response: { 200: winLossReportSchema, ...errors },
        },
      },
      async (request) =>
        getWinLossReport(context.db, requireAuthentication(request).principal, request.query),
    );

    app.get(
      '/reports/time-in-stage',
      {
        schema: {
          tags: ['reports'],
          summary: 'Average and median days spent in each open stage, from the stage history',
          description:
            'Finished stays only, unless `includeCurrent=true` also counts the current stage of open opportunities up to now.',
          querystring: timeInStageQuerySchema,
          response: { 200: timeInStageReportSchema, ...errors },
        },
      },
      async (request) =>
        getTimeInStageReport(context.db, requireAuthentication(request).principal, request.query),
    );

    app.get(
      '/reports/home',
      {
        schema: {
          tags: ['reports'],
          summary:
            'The Home screen in one call: my pipeline, decisions due this quarter, stale deals, passed inbox',
          querystring: homeQuerySchema,
          response: { 200: homeSchema, ...errors },
        },
      },
      async (request) => getHome(context.db, requireAuthentication(request).principal, request.query),
    );

    app.get(
      '/opportunities/board',
      {
        schema: {
          tags: ['opportunities'],
          summary: 'The pipeline board: one column per open stage with totals and its first cards',
          description:
            'Takes the filters of `GET /opportunities`. A column continues with `GET /opportunities?stage=CODE&sort=decisionDate&cursor=nextCursor` and the same filters. Closing stages come as summaries without cards.',
          querystring: boardQuerySchema,
          response: { 200: boardSchema, ...errors },
        },
      },
      async (request) => getBoard(context.db, requireAuthentication(request).principal, request.query),
    );
  };
}
