import { runCli } from './run-cli.ts';

const exitCode = await runCli(process.argv.slice(2));
process.exitCode = exitCode;
