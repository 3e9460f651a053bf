// Files of the multi-host command tests: an inventory of a real sshd fleet (its key and known_hosts in ssh_options) and a playbook.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshFleet } from '../helpers/sshd.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Writes `inventory.yaml` (group `app`: every host, `dir` its folder) and `play.yaml` into a new folder. */
export function writeFleetFiles(fleet: SshFleet, playbook: string): { dir: string; inventory: string; playbook: string; home: string } {
  const dir = tempDir();
  const hosts = Object.fromEntries(fleet.hosts.map((h) => [h.name, { address: h.address, port: h.port, lock_dir: h.lockDir, vars: { dir: h.dir } }]));
  const inventory = { defaults: { user: fleet.user, connect_timeout: 3, ssh_options: fleet.sshOptions }, hosts, groups: { app: { hosts: fleet.hosts.map((h) => h.name) } } };
  writeFileSync(join(dir, 'inventory.yaml'), `# yaml-language-server: $schema=inventory.schema.json\n${JSON.stringify(inventory, null, 2)}\n`);
  writeFileSync(join(dir, 'play.yaml'), playbook);
  return { dir, inventory: join(dir, 'inventory.yaml'), playbook: join(dir, 'play.yaml'), home: join(dir, 'home') };
}
