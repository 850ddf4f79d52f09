import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createApiToken } from '../src/server/auth/auth.service.ts';
import type { Database } from '../src/server/db/schema.ts';

/** A free port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The production server (`partnerline serve`) on loopback, once it answers its health check. */
export async function startServer(root: string, databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/partnerline.js'), 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (response.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}

/** Resident memory of a process, now and at its peak, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const value = (key: string) =>
    Number(/(\d+) kB/.exec(status.split('\n').find((line) => line.startsWith(key)) ?? '')?.[1] ?? 0) / 1024;
  return { rssMb: Math.round(value('VmRSS:')), peakRssMb: Math.round(value('VmHWM:')) };
}

/**
 * Who the benchmarks act as: a manager of the firm that owns the most opportunities (so the
 * visibility rules are in play), with a fresh API token.
 */
export async function busiestFirmManager(db: Kysely<Database>, tokenName: string) {
  const busiest = await db
    .selectFrom('opportunities')
    .select(['owner_firm_id', (eb) => eb.fn.countAll().as('n')])
    .where('deleted_at', 'is', null)
    .groupBy('owner_firm_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const manager = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('firm_id', '=', busiest.owner_firm_id)
    .where('role', '=', 'manager')
    .executeTakeFirstOrThrow();
  const token = (await createApiToken(db, manager.id, { name: tokenName })).token;
  return { firmId: busiest.owner_firm_id, firmOpportunities: Number(busiest.n), manager, token };
}
