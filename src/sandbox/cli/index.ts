// Runs one simulated command against the sandbox state: the shims on PATH send their argv here.
import { simulatedOwners } from '../owners.js';
import type { SandboxPaths } from '../paths.js';
import { readState, writeState } from '../state.js';
import { takeFailOnce } from '../faults.js';
import { dockerCli } from './docker.js';
import { chownCli, statCli } from './host.js';
import { redisCli } from './redis.js';
import { fail, type CliContext, type CliResult } from './result.js';

export const SHIMMED_TOOLS = ['docker', 'docker-compose', 'redis-cli'] as const;
export const OWNER_TOOLS = ['chown', 'stat'] as const;

export interface ToolRequest {
  tool: string;
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** From a pass-through shim of a real tool: fail it if a fail-once fault matches, else answer code -1 (run the real tool). */
  passthrough?: boolean;
}

/** The answer to a pass-through shim that lets the real tool run. */
export const RUN_REAL_TOOL = -1;

/** Executes a simulated tool; reads and writes the state file in one synchronous turn. */
export function runTool(paths: SandboxPaths, req: ToolRequest): CliResult {
  const state = readState(paths.dir);
  const ctx: CliContext = { paths, state, cwd: req.cwd, env: req.env, simulateOwners: simulatedOwners() };
  // `docker-compose` (compose v1) is `docker compose`: same simulation, same fail-once prefixes.
  const compose1 = req.tool === 'docker-compose';
  state.commands.push([req.tool, ...req.argv].join(' '));
  const line = [...(compose1 ? ['docker', 'compose'] : [req.tool]), ...req.argv].join(' ');
  let result: CliResult;
  try {
    if (takeFailOnce(state, line)) result = fail(`${req.tool}: simulated failure of \`${line}\` (runbook sandbox fault)`);
    else if (req.passthrough === true) result = { stdout: '', stderr: '', code: RUN_REAL_TOOL };
    else if (req.tool === 'docker') result = dockerCli(ctx, req.argv);
    else if (compose1) result = dockerCli(ctx, ['compose', ...req.argv]);
    else if (req.tool === 'redis-cli') result = redisCli(ctx, req.argv);
    else if (req.tool === 'chown') result = chownCli(ctx, req.argv);
    else if (req.tool === 'stat') result = statCli(ctx, req.argv);
    else result = fail(`${req.tool}: not simulated by the sandbox`, 127);
  } catch (error) {
    result = fail(`runbook sandbox: ${req.tool} crashed: ${error instanceof Error ? error.message : String(error)}`, 125);
  }
  writeState(paths.dir, state);
  return result;
}
