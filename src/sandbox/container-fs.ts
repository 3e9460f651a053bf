// Files as a container sees them: its mounts (volumes, bind mounts) on the host, everything else in its own layer, which goes with the container.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostPathFor } from './compose.js';
import { setOwner } from './owners.js';
import { COMPOSE_PROJECT, CONTAINER_OWNER, type SandboxPaths } from './paths.js';
import type { ContainerState, SandboxState } from './state.js';

export const containerName = (service: string): string => `${COMPOSE_PROJECT}-${service}-1`;

/** The container's own writable layer (what `docker compose down` or a recreate throws away). */
export function containerLayer(paths: SandboxPaths, service: string): string {
  return join(paths.dir, 'var/lib/docker/containers', containerName(service), 'rootfs');
}

/** Where a path inside the container is on the host: through its mounts (longest match), else in its layer. */
export function pathInContainer(paths: SandboxPaths, service: string, c: Pick<ContainerState, 'mounts'>, path: string): string {
  return hostPathFor(c.mounts, path) ?? join(containerLayer(paths, service), path);
}

/** True for a host path in a container's layer; its parents exist in any image (`/tmp`, `/root`, ...), so they are made on demand. */
export function inLayer(paths: SandboxPaths, service: string, host: string): boolean {
  return host.startsWith(containerLayer(paths, service) + '/');
}

/** Removes a container's layer: files written outside its mounts are gone, as with `docker rm`. */
export function removeContainerLayer(paths: SandboxPaths, service: string): void {
  rmSync(join(paths.dir, 'var/lib/docker/containers', containerName(service)), { recursive: true, force: true });
}

/** Airflow, MLflow and the API run as uid 50000; the others as root. */
export function runsAsContainerUser(service: string): boolean {
  return service.startsWith('airflow') || service === 'mlflow' || service === 'recommendation-api';
}

/** The owner of a file a process of the service creates (as `user`, else the image's user). */
export function creatorOf(service: string, user: string | undefined): string {
  if (user === 'root' || user === '0') return '0:0';
  if (user && /^\d+(:\d+)?$/.test(user)) return user.includes(':') ? user : `${user}:${user}`;
  return runsAsContainerUser(service) ? CONTAINER_OWNER : '0:0';
}

/** Gives a file just created in a container its creator, really (as root) or in the state. */
export function ownCreated(state: SandboxState, simulate: boolean, host: string, owner: string): void {
  if (owner === '0:0' && !simulate) return; // the sandbox process is root: already so
  setOwner(state, simulate, host, owner, false);
}

/** Prepares the parent of a path to write: in the container's layer it is made; on a mount it must exist. */
export function parentReady(paths: SandboxPaths, service: string, host: string): boolean {
  if (inLayer(paths, service, host)) {
    mkdirSync(dirname(host), { recursive: true });
    return true;
  }
  return existsSync(dirname(host));
}
