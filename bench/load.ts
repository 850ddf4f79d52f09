import autocannon from 'autocannon';

export type LoadRequest = { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: string };

export type LoadResult = {
  requests: number;
  errors: number;
  non2xx: number;
  durationSeconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
};

/** The value below which `fraction` of the sorted times fall (nearest rank). */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/**
 * Drives one endpoint with autocannon (keep-alive HTTP/1.1 connections) and records every response
 * time, so that p50/p95/p99 are exact rather than bucketed.
 */
export async function runLoad(options: {
  baseUrl: string;
  token: string;
  connections: number;
  durationSeconds?: number;
  amount?: number;
  next: () => LoadRequest;
}): Promise<LoadResult> {
  const times: number[] = [];
  const started = performance.now();
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.baseUrl,
      connections: options.connections,
      pipelining: 1,
      ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const next = options.next();
            return {
              ...request,
              method: next.method,
              path: next.path,
              ...(next.body !== undefined && { body: next.body }),
            };
          },
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
  });
  const result = await done;
  const elapsed = (performance.now() - started) / 1000;
  times.sort((left, right) => left - right);
  return {
    requests: times.length,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    durationSeconds: Number(elapsed.toFixed(2)),
    throughput: Number((times.length / elapsed).toFixed(1)),
    p50: Number(percentile(times, 0.5).toFixed(2)),
    p95: Number(percentile(times, 0.95).toFixed(2)),
    p99: Number(percentile(times, 0.99).toFixed(2)),
    mean: Number((times.reduce((sum, time) => sum + time, 0) / Math.max(1, times.length)).toFixed(2)),
  };
}
