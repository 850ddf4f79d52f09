import { defaultDatabaseUrl } from './db/database.ts';

export type AppConfig = {
  databaseUrl: string;
  host: string;
  port: number;
  /** Sign-in sessions end after this long without a request… */
  sessionIdleMinutes: number;
  /** …and after this long in any case. */
  sessionAbsoluteHours: number;
  /** Mark cookies Secure: always, never, or when the request came over HTTPS ('auto'). */
  cookieSecure: 'auto' | 'always' | 'never';
  /** Trust X-Forwarded-* from a reverse proxy in front of the app. */
  trustProxy: boolean;
  logLevel: string;
  /** The built web app (Vite output); served at `/` when present. */
  webRoot: string | null;
};

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`${name} must be a positive number, got "${value}"`);
  return parsed;
}

export function configFromEnvironment(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const cookieSecure = environment.COOKIE_SECURE ?? 'auto';
  if (cookieSecure !== 'auto' && cookieSecure !== 'always' && cookieSecure !== 'never') {
    throw new Error(`COOKIE_SECURE must be auto, always or never, got "${cookieSecure}"`);
  }
  return {
    databaseUrl: environment.DATABASE_URL || defaultDatabaseUrl,
    host: environment.HOST || '127.0.0.1',
    port: positiveNumber('PORT', environment.PORT, 3000),
    sessionIdleMinutes: positiveNumber('SESSION_IDLE_MINUTES', environment.SESSION_IDLE_MINUTES, 8 * 60),
    sessionAbsoluteHours: positiveNumber(
      'SESSION_ABSOLUTE_HOURS',
      environment.SESSION_ABSOLUTE_HOURS,
      7 * 24,
    ),
    cookieSecure,
    trustProxy: environment.TRUST_PROXY === 'true' || environment.TRUST_PROXY === '1',
    logLevel: environment.LOG_LEVEL || 'info',
    webRoot: null,
  };
}

/** Defaults for tests and embedded use. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...configFromEnvironment({}), logLevel: 'silent', ...overrides };
}
