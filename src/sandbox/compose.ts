// Reads the sandbox's compose project the way docker compose does: .env, docker-compose.yml (+ override), interpolation.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { COMPOSE_PROJECT, type SandboxPaths } from './paths.js';

export interface ServiceConfig {
  name: string;
  image: string;
  env: Record<string, string>;
  /** `hostPath:containerPath`, host paths absolute. */
  mounts: string[];
}

/** Parses a .env file: KEY=value lines, `#` comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? '';
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

export function readDotEnv(paths: SandboxPaths): Record<string, string> {
  return existsSync(paths.envFile) ? parseEnvFile(readFileSync(paths.envFile, 'utf8')) : {};
}

function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
    const v = vars[name];
    return v !== undefined && v !== '' ? v : (fallback ?? '');
  });
}

interface RawService {
  image?: string;
  env_file?: string | string[];
  environment?: Record<string, string> | string[];
  volumes?: string[];
}

/** The compose files in effect for a working directory: COMPOSE_FILE, else docker-compose.yml (+ override) there. */
export function composeFiles(cwd: string, env: Record<string, string | undefined>): string[] | undefined {
  if (env.COMPOSE_FILE) return env.COMPOSE_FILE.split(':').map((f) => resolve(cwd, f));
  const main = join(cwd, 'docker-compose.yml');
  if (!existsSync(main)) return undefined;
  const override = join(cwd, 'docker-compose.override.yml');
  return existsSync(override) ? [main, override] : [main];
}

/** Loads the services of the project; throws with compose's wording when a file is missing or broken. */
export function loadProject(paths: SandboxPaths, files: string[]): Map<string, ServiceConfig> {
  const dotenv = readDotEnv(paths);
  const raw = new Map<string, RawService>();
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`open ${file}: no such file or directory`);
    const doc = parse(interpolate(readFileSync(file, 'utf8'), dotenv)) as { services?: Record<string, RawService> } | null;
    for (const [name, svc] of Object.entries(doc?.services ?? {})) {
      const prev = raw.get(name) ?? {};
      raw.set(name, { ...prev, ...svc, volumes: [...(prev.volumes ?? []), ...(svc.volumes ?? [])] });
    }
  }
  const out = new Map<string, ServiceConfig>();
  for (const [name, svc] of raw) {
    const env: Record<string, string> = {};
    if (svc.env_file) Object.assign(env, dotenv);
    if (Array.isArray(svc.environment)) {
      for (const kv of svc.environment) {
        const eq = kv.indexOf('=');
        if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
    } else if (svc.environment) Object.assign(env, svc.environment);
    const mounts = (svc.volumes ?? []).map((v) => {
      const [host = '', container = ''] = v.split(':');
      const hostPath = host.startsWith('.') || isAbsolute(host) ? resolve(paths.project, host) : join(paths.volumes, `${COMPOSE_PROJECT}_${host}/_data`);
      return `${hostPath}:${container}`;
    });
    out.set(name, { name, image: svc.image ?? `${COMPOSE_PROJECT}-${name}`, env, mounts });
  }
  return out;
}

/** Maps a path inside a container to the host path through the container's mounts (longest match). */
export function hostPathFor(mounts: string[], containerPath: string): string | undefined {
  let best: { host: string; container: string } | undefined;
  for (const m of mounts) {
    const idx = m.lastIndexOf(':');
    const host = m.slice(0, idx);
    const container = m.slice(idx + 1).replace(/\/+$/, '');
    if ((containerPath === container || containerPath.startsWith(container + '/')) && (!best || container.length > best.container.length)) {
      best = { host, container };
    }
  }
  return best ? best.host + containerPath.slice(best.container.length) : undefined;
}
