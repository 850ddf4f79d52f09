import { parseArgs } from 'node:util';
import type { FieldError } from '../../core/errors.ts';
import { AppError } from '../http/app-error.ts';
import { UsageError } from './cli-error.ts';
import { type Command, commands } from './commands.ts';

const programHelp = `Partnerline: opportunity management for business partners and their vendor.

Usage: partnerline <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(22)} ${command.summary}`)
  .join('\n')}

Configuration comes from the environment:
  DATABASE_URL   SQLite file (default ./data/partnerline.sqlite, or sqlite:PATH) or postgres://… URL
  PORT, HOST     where the server listens (default 3000 on 127.0.0.1)

Run "partnerline <command> --help" for a command's options.`;

function findCommand(argv: string[]): { name: string; command: Command; rest: string[] } | undefined {
  for (const length of [2, 1]) {
    const name = argv.slice(0, length).join(' ');
    const command = commands[name];
    if (command && argv.length >= length) return { name, command, rest: argv.slice(length) };
  }
  return undefined;
}

function describeFields(details: Record<string, unknown> | undefined): string {
  const fields = details?.fields;
  if (!Array.isArray(fields) || fields.length < 2) return '';
  return (fields as FieldError[]).map((field) => `\n  ${field.field}: ${field.message}`).join('');
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(programHelp);
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Unknown command: ${argv.slice(0, 2).join(' ')}\n\n${programHelp}`);
    return 2;
  }
  const { name, command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: partnerline ${name} ${command.usage}\n\n${command.summary}\n\n${command.help}`);
    return 0;
  }
  try {
    const parsed = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: true });
    return (
      (await command.run(
        parsed.values as Record<string, string | boolean | undefined>,
        parsed.positionals,
      )) ?? 0
    );
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`${error.message}\n\nUsage: partnerline ${name} ${command.usage}\n${command.help}`);
      return 2;
    }
    if (error instanceof AppError) {
      console.error(`Error: ${error.message}${describeFields(error.details)}`);
      return 1;
    }
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
