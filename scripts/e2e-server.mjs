// The server the browser tests run against: a fresh SQLite file with the demo data, on its own port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const port = process.argv[2] ?? '4173';
const directory = mkdtempSync(join(tmpdir(), 'partnerline-e2e-'));
const server = spawn(process.execPath, ['bin/partnerline.js', 'serve', '--demo', '--port', port], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: join(directory, 'e2e.sqlite'), LOG_LEVEL: 'warn' },
});
const stop = () => {
  server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  rmSync(directory, { recursive: true, force: true });
  process.exit(code ?? 0);
});
