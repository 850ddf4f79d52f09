#!/usr/bin/env node
// The command-line entry point: runs the TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli/main.ts');
