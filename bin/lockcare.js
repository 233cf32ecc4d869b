#!/usr/bin/env node
// The `lockcare` command. Sources are TypeScript run through tsx, so there is no build step:
// `npm ci` is enough to run every operator command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// The environment is handed in here, once; inside src/ only src/config.ts parses it.
const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
process.exitCode = await main(process.argv.slice(2), io);
