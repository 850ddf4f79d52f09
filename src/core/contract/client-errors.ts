import { z } from 'zod';

/**
 * The longest text of each field of an error report; the web app cuts what it sends to these, so a
 * report is never refused for its size, and the server log never takes more.
 */
export const clientErrorLimits = { message: 2000, stack: 16_000, url: 2000, userAgent: 500 } as const;

function bounded(max: number) {
  return z.string().max(max, `must be at most ${max} characters`);
}

/** An error the web app ran into (a screen that failed to show), reported for the server log. */
export const clientErrorReportSchema = z
  .strictObject({
    message: bounded(clientErrorLimits.message).trim().min(1, 'must not be empty'),
    stack: bounded(clientErrorLimits.stack).nullable().optional(),
    url: bounded(clientErrorLimits.url).trim().min(1, 'must not be empty'),
    userAgent: bounded(clientErrorLimits.userAgent).nullable().optional(),
  })
  .meta({ id: 'ClientErrorReport' });
export type ClientErrorReport = z.infer<typeof clientErrorReportSchema>;
