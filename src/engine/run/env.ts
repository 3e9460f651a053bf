// The environment of commands: a documented base taken from runbook's own, plus what the playbook declares.
import type { PlanEnv } from '../plan.js';

/** The only variables passed through from the environment runbook was started in. */
export const BASE_ENV_NAMES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR'] as const;

export function baseEnv(source: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of BASE_ENV_NAMES) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  if (env.PATH === undefined) env.PATH = '/usr/local/bin:/usr/bin:/bin';
  return env;
}

/**
 * base → playbook `env` → step (or probe) `env` → extra (the sandbox's PATH and variables).
 * The extra environment comes last so that a playbook cannot step out of the sandbox.
 */
export function buildEnv(
  base: Record<string, string>,
  layers: readonly (readonly PlanEnv[])[],
  extra: Record<string, string>,
  render: (env: PlanEnv) => string,
): Record<string, string> {
  const env = { ...base };
  for (const layer of layers) for (const entry of layer) env[entry.name] = render(entry);
  Object.assign(env, extra);
  return env;
}
