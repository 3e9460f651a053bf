// Docker named volumes of the sandbox: directories under var/lib/docker/volumes/<name>/_data that outlive containers, removed only on purpose.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxPaths } from './paths.js';
import type { ContainerState, SandboxState } from './state.js';

/** The named volume a host path of a mount belongs to (`recommend_redis-data`), if it is one. */
export function volumeOf(paths: SandboxPaths, hostPath: string): string | undefined {
  if (!hostPath.startsWith(paths.volumes + '/')) return undefined;
  return hostPath.slice(paths.volumes.length + 1).split('/')[0];
}

export function volumeData(paths: SandboxPaths, name: string): string {
  return join(paths.volumes, name, '_data');
}

export function listVolumes(paths: SandboxPaths): string[] {
  return existsSync(paths.volumes) ? readdirSync(paths.volumes).filter((n) => existsSync(volumeData(paths, n))).sort() : [];
}

/** The host side of each of a container's (or a service configuration's) mounts. */
export function mountHosts(c: Pick<ContainerState, 'mounts'>): string[] {
  return c.mounts.map((m) => m.slice(0, m.lastIndexOf(':')));
}

/** Named volumes a service's mounts use. */
export function volumesOf(paths: SandboxPaths, c: Pick<ContainerState, 'mounts'>): string[] {
  return [...new Set(mountHosts(c).flatMap((h) => volumeOf(paths, h) ?? []))];
}

/** Containers, running or stopped, that use a volume: docker refuses to remove it while one exists. */
export function volumeUsers(state: SandboxState, paths: SandboxPaths, name: string): string[] {
  return Object.entries(state.containers)
    .filter(([, c]) => volumesOf(paths, c).includes(name))
    .map(([service]) => service);
}

/** What `up` does before starting a container: a missing named volume is created (empty), a missing bind mount source too. */
export function prepareMounts(paths: SandboxPaths, c: Pick<ContainerState, 'mounts'>): string[] {
  const created: string[] = [];
  for (const host of mountHosts(c)) {
    const volume = volumeOf(paths, host);
    if (volume && !existsSync(volumeData(paths, volume))) created.push(volume);
    mkdirSync(host, { recursive: true });
  }
  return created;
}

/** Removes a volume and everything in it (redis's dump.rdb, postgres's data, MLflow's artifacts). */
export function removeVolume(paths: SandboxPaths, name: string): void {
  rmSync(join(paths.volumes, name), { recursive: true, force: true });
}
