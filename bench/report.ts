import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LoadResult } from './load.ts';

/** What `npm run bench` measured, as it writes it to bench/results/*.json. */
export type BenchReport = {
  at: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string };
  database: 'sqlite' | 'postgres';
  opportunities: number;
  firmOpportunities: number;
  secondsPerMeasurement: number;
  results: { scenario: string; connections: number; result: LoadResult }[];
  rawListSql: { statements: number; p50: number; p95: number; p99: number };
  listApiToRawRatio: number | null;
  serverMemory: { rssMb: number; peakRssMb: number };
};

/** Issue budgets: p95 at one connection, by the start of the scenario's name. */
const p95Budgets: [string, number][] = [
  ['list', 25],
  ['basic search', 50],
  ['global search', 50],
  ['opportunity overview', 25],
  ['create', 30],
  ['stage move', 30],
  ['pipeline report', 150],
];
const listThroughputBudget = 1500;
const ratioBudget = 3;
const memoryBudgetMb = 400;

const verdict = (met: boolean) => (met ? 'met' : '**missed**');

export function performanceTable(report: BenchReport): string {
  const lines: string[] = [];
  const scenarios = [...new Set(report.results.map((entry) => entry.scenario))];
  lines.push(
    `Measured ${report.at.slice(0, 16).replace('T', ' ')} UTC on ${report.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${report.opportunities.toLocaleString('en-US')} opportunities, as a manager of a firm with ${report.firmOpportunities.toLocaleString('en-US')}; ${report.machine.cpus} × ${report.machine.model}, ${report.machine.memoryGb} GB, Node ${report.machine.node}; ${report.secondsPerMeasurement} s per measurement, load generator on the same machine.`,
    '',
    '| scenario | 1 conn p50 / p95 / p99 ms | 1 conn req/s | 8 conn p50 / p95 ms | 8 conn req/s | errors | budget (p95, 1 conn) |',
    '|---|---|---|---|---|---|---|',
  );
  for (const scenario of scenarios) {
    const one = report.results.find(
      (entry) => entry.scenario === scenario && entry.connections === 1,
    )?.result;
    const eight = report.results.find(
      (entry) => entry.scenario === scenario && entry.connections === 8,
    )?.result;
    if (!one || !eight) continue;
    const budget = p95Budgets.find(([prefix]) => scenario.startsWith(prefix))?.[1];
    const errors = one.errors + one.non2xx + eight.errors + eight.non2xx;
    lines.push(
      `| ${scenario} | ${one.p50} / ${one.p95} / ${one.p99} | ${Math.round(one.throughput)} | ${eight.p50} / ${eight.p95} | ${Math.round(eight.throughput)} | ${errors} | ${budget === undefined ? '—' : `${budget} ms: ${verdict(one.p95 <= budget)}`} |`,
    );
  }
  const list8 = report.results.find(
    (entry) => entry.scenario.startsWith('list') && entry.connections === 8,
  )?.result;
  lines.push('');
  if (list8) {
    lines.push(
      `- List at 8 connections: ${Math.round(list8.throughput)} requests/s, ${list8.errors + list8.non2xx} errors (budget ${listThroughputBudget}/s: ${verdict(list8.throughput >= listThroughputBudget)}).`,
    );
  }
  lines.push(
    `- Raw SQL of the same list page on the same database (${report.rawListSql.statements} statements, driver only): p50 ${report.rawListSql.p50} ms, p95 ${report.rawListSql.p95} ms; the API's p50 is ${report.listApiToRawRatio}× it (budget ${ratioBudget}×: ${verdict((report.listApiToRawRatio ?? Number.POSITIVE_INFINITY) <= ratioBudget)}).`,
    `- Server resident memory after the run: ${report.serverMemory.rssMb} MB, peak ${report.serverMemory.peakRssMb} MB (budget ${memoryBudgetMb} MB: ${verdict(report.serverMemory.peakRssMb <= memoryBudgetMb)}).`,
  );
  return lines.join('\n');
}

/**
 * Replaces what stands between `<!-- NAME:start -->` and `<!-- NAME:end -->` in a Markdown file
 * (adding the block at the end when the markers are not there yet): the benchmarks keep their
 * tables in the docs up to date this way.
 */
export function writeBetweenMarkers(
  file: string,
  name: string,
  content: string,
  title = '# Performance',
): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${content}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `${title}\n`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  writeFileSync(
    file,
    from >= 0 && to > from
      ? `${text.slice(0, from)}${block}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n${block}\n`,
  );
}

/** Puts the table between this database's markers in docs/performance.md. */
export function writePerformanceTable(file: string, report: BenchReport): void {
  writeBetweenMarkers(file, `bench:${report.database}`, performanceTable(report));
}
