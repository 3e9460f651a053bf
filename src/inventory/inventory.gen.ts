/* Generated from runbooks/schemas/inventory.schema.json by `npm run generate`. Do not edit. */

/**
 * A host name: letters, digits, `_`, `.` and `-`, starting with a letter, digit or `_` (no `:`, `,`, `*`, `!` or `&`: they belong to host patterns).
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "hostName".
 */
export type HostName = string;
/**
 * A group name: letters, digits, `_` and `-`, starting with a letter or `_`.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "groupName".
 */
export type GroupName = string;
/**
 * A variable name, as templates read it (`{{host.vars.project_dir}}`): letters, digits and `_`, not starting with a digit.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "varName".
 */
export type VarName = string;

/**
 * The hosts a playbook can run on, their groups, SSH settings and variables. This file is the one definition of the inventory format (docs/inventory.md).
 */
export interface Inventory {
  defaults?: Connection;
  vars?: Vars;
  /**
   * Every host, by name, in the order plans and runs use. A host with no settings may be written `name:` (its address is its name).
   */
  hosts?: {
    [k: string]: Host | null;
  };
  /**
   * Groups of hosts, by name: their hosts, their child groups and their variables.
   */
  groups?: {
    [k: string]: Group | null;
  };
}
/**
 * SSH settings of every host, unless a group or the host says otherwise.
 */
export interface Connection {
  /**
   * The remote user to log in as (default: your ssh configuration, else your local user name).
   */
  user?: string;
  /**
   * The SSH port (default 22, or your ssh configuration).
   */
  port?: number;
  ssh_options?: SshOptions;
  /**
   * `strict` (default): a host key must already be in known_hosts. `accept-new`: a host never seen before is trusted on first use and recorded; a changed key is still refused.
   */
  host_key_checking?: 'strict' | 'accept-new';
  /**
   * Seconds to wait for the SSH connection (default 10).
   */
  connect_timeout?: number;
  /**
   * Absolute folder on the host for runbook's lock files (default /run/lock/runbook).
   */
  lock_dir?: string;
}
/**
 * OpenSSH client options (`ssh -o Name=value`, see ssh_config(5)), e.g. `ProxyJump: bastion`. Options runbook sets itself (ControlMaster, ControlPath, BatchMode, StrictHostKeyChecking, ...) cannot be changed here.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "sshOptions".
 */
export interface SshOptions {
  [k: string]: string | number | boolean;
}
/**
 * Variables of every host (the lowest precedence: groups, then the host, override them).
 */
export interface Vars {
  [k: string]: unknown;
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "host".
 */
export interface Host {
  /**
   * Where to connect: a DNS name or an IP address (default: the host's name).
   */
  address?: string;
  /**
   * The remote user to log in as (default: your ssh configuration, else your local user name).
   */
  user?: string;
  /**
   * The SSH port (default 22, or your ssh configuration).
   */
  port?: number;
  ssh_options?: SshOptions;
  /**
   * `strict` (default): a host key must already be in known_hosts. `accept-new`: a host never seen before is trusted on first use and recorded; a changed key is still refused.
   */
  host_key_checking?: 'strict' | 'accept-new';
  /**
   * Seconds to wait for the SSH connection (default 10).
   */
  connect_timeout?: number;
  /**
   * Absolute folder on the host for runbook's lock files (default /run/lock/runbook).
   */
  lock_dir?: string;
  vars?: Vars1;
}
/**
 * Variables of this host; they override the variables of its groups.
 */
export interface Vars1 {
  [k: string]: unknown;
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "group".
 */
export interface Group {
  /**
   * Names of hosts (declared under `hosts:`) in this group.
   */
  hosts?: HostName[];
  /**
   * Names of groups whose hosts are also in this group.
   */
  children?: GroupName[];
  vars?: Vars2;
  /**
   * The remote user to log in as (default: your ssh configuration, else your local user name).
   */
  user?: string;
  /**
   * The SSH port (default 22, or your ssh configuration).
   */
  port?: number;
  ssh_options?: SshOptions;
  /**
   * `strict` (default): a host key must already be in known_hosts. `accept-new`: a host never seen before is trusted on first use and recorded; a changed key is still refused.
   */
  host_key_checking?: 'strict' | 'accept-new';
  /**
   * Seconds to wait for the SSH connection (default 10).
   */
  connect_timeout?: number;
  /**
   * Absolute folder on the host for runbook's lock files (default /run/lock/runbook).
   */
  lock_dir?: string;
}
/**
 * Variables of the hosts of this group (a child group's override its parent's; a host's own override both).
 */
export interface Vars2 {
  [k: string]: unknown;
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "vars".
 */
export interface Vars3 {
  [k: string]: unknown;
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "connection".
 */
export interface Connection1 {
  /**
   * The remote user to log in as (default: your ssh configuration, else your local user name).
   */
  user?: string;
  /**
   * The SSH port (default 22, or your ssh configuration).
   */
  port?: number;
  ssh_options?: SshOptions;
  /**
   * `strict` (default): a host key must already be in known_hosts. `accept-new`: a host never seen before is trusted on first use and recorded; a changed key is still refused.
   */
  host_key_checking?: 'strict' | 'accept-new';
  /**
   * Seconds to wait for the SSH connection (default 10).
   */
  connect_timeout?: number;
  /**
   * Absolute folder on the host for runbook's lock files (default /run/lock/runbook).
   */
  lock_dir?: string;
}
