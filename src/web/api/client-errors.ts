import { isRouteErrorResponse } from 'react-router';
import { type ClientErrorReport, clientErrorLimits } from '../../core/contract/client-errors.ts';
import { request } from './client.ts';

const reported = new WeakSet<object>();

function summarize(error: unknown): { message: string; stack: string | null } {
  if (error instanceof Error) {
    return { message: `${error.name}: ${error.message}`, stack: error.stack ?? null };
  }
  if (isRouteErrorResponse(error)) {
    return { message: `${error.status} ${error.statusText}`.trim(), stack: null };
  }
  return { message: String(error), stack: null };
}

/** What a report carries, cut to the lengths the server takes. */
export function clientErrorReport(error: unknown): ClientErrorReport {
  const { message, stack } = summarize(error);
  return {
    message: (message.trim() || 'Unknown error').slice(0, clientErrorLimits.message),
    stack: stack?.slice(0, clientErrorLimits.stack) ?? null,
    url: window.location.href.slice(0, clientErrorLimits.url),
    userAgent: navigator.userAgent.slice(0, clientErrorLimits.userAgent),
  };
}

/**
 * Sends an error the app ran into to the server's log, once per error. Best effort: a report that
 * cannot be sent (offline, limited) is dropped, never shown to the user as a second error.
 */
export function reportClientError(error: unknown): void {
  if (typeof error === 'object' && error !== null) {
    if (reported.has(error)) return;
    reported.add(error);
  }
  request('POST', '/client-errors', null, { body: clientErrorReport(error) }).catch(() => {});
}
