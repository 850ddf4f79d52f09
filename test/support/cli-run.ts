import { vi } from 'vitest';
import { runCli } from '../../src/server/cli/run-cli.ts';

/** Runs the command line in process, capturing what it prints (console and standard output). */
export async function runCapturing(
  ...argv: string[]
): Promise<{ code: number; out: string; err: string; stdout: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out.push(parts.join(' '));
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    err.push(parts.join(' '));
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    const code = await runCli(argv);
    return { code, out: out.join('\n'), err: err.join('\n'), stdout: stdout.join('') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}
