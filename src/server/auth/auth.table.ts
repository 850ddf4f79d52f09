import type { Generated } from 'kysely';

export interface SessionTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface SignInEventTable {
  id: Generated<number>;
  email: string;
  user_id: number | null;
  ip: string | null;
  succeeded: number;
  at: string;
}

/**
 * Sign-in attempts counted per account (`scope` 'account', the email) and per address ('address',
 * the IP) in the current throttling window, counted before each attempt is evaluated.
 */
export interface SignInAttemptCountTable {
  scope: 'account' | 'address';
  subject: string;
  window_started_at: string;
  attempts: number;
}
