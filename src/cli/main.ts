// `runbook` entry (the full CLI, dist/cli.js): every command, each loaded only when used.
import { commands } from './commands.js';
import { runCli } from './run.js';

runCli(process.argv.slice(2), commands, () => import('./help.js'));
