// Turns what an Ansible inventory says into a runbook inventory: connection variables become settings, the rest variables.
import type { Connection, Group, Host, Inventory } from '../inventory.gen.js';
import type { Translator } from '../../i18n/index.js';
import type { RemoteMessage } from '../../i18n/remote.js';
import { AnsibleInventoryError, type AnsibleInventory } from './model.js';

type Settings = Connection & { address?: string; vars?: Record<string, unknown> };

const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/;
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ADDRESS = /^[^\s-]\S{0,252}$/;

export interface Converted {
  inventory: Inventory;
  notes: string[];
}

/** Reads `-o Name=value`, `-oName=value` and `-o Name value` options of an ssh argument string. */
export function sshArgsToOptions(args: string): { options: Record<string, string>; rest: string[] } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const options: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const option = word === '-o' ? words[++i] : word.startsWith('-o') ? word.slice(2) : undefined;
    if (option === undefined) {
      rest.push(word);
      continue;
    }
    const eq = /^([A-Za-z][A-Za-z0-9]*)(?:=|$)(.*)$/.exec(option.replace(/^['"]|['"]$/g, ''));
    if (eq && eq[2] !== '') options[eq[1]!] = eq[2]!;
    else if (eq && words[i + 1] !== undefined && !words[i + 1]!.startsWith('-')) options[eq[1]!] = words[++i]!;
    else rest.push(`-o ${option}`);
  }
  return { options, rest };
}

/** The settings and variables of one host, group or `all`: ansible_* connection variables become settings. */
function settingsOf(vars: Record<string, unknown>, where: string, t: Translator<RemoteMessage>, notes: string[], isHost: boolean): Settings {
  const out: Settings = {};
  const plain: Record<string, unknown> = {};
  const ssh: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    const text = value === null || value === undefined ? '' : String(value);
    switch (name) {
      case 'ansible_host':
      case 'ansible_ssh_host':
        if (isHost && ADDRESS.test(text)) out.address = text;
        else notes.push(t('import.dropped', { where, name }));
        break;
      case 'ansible_port':
      case 'ansible_ssh_port': {
        const port = Number(text);
        if (Number.isInteger(port) && port >= 1 && port <= 65535) out.port = port;
        else notes.push(t('import.port', { where, value: text }));
        break;
      }
      case 'ansible_user':
      case 'ansible_ssh_user':
        out.user = text;
        break;
      case 'ansible_ssh_private_key_file':
      case 'ansible_private_key_file':
        ssh.IdentityFile = text;
        break;
      case 'ansible_ssh_common_args':
      case 'ansible_ssh_extra_args': {
        const { options, rest } = sshArgsToOptions(text);
        Object.assign(ssh, options);
        if (rest.length > 0) notes.push(t('import.sshArgs', { where, name, rest: rest.join(' ') }));
        break;
      }
      case 'ansible_host_key_checking':
      case 'ansible_ssh_host_key_checking':
        // runbook never switches host keys off: "no checking" becomes trust-on-first-use, a changed key still stops.
        if (value === false || /^(false|no|0)$/i.test(text)) {
          out.host_key_checking = 'accept-new';
          notes.push(t('import.hostKeyChecking', { where, name, value: text }));
        }
        break;
      case 'ansible_connection':
        if (!['ssh', 'smart', 'paramiko', 'paramiko_ssh'].includes(text)) notes.push(t('import.connectionLocal', { where, value: text }));
        break;
      default:
        // Other ansible_* variables are about Ansible itself (become, Python, the shell, its own ssh handling).
        if (name.startsWith('ansible_')) notes.push(t('import.dropped', { where, name }));
        else if (!VAR_NAME.test(name)) notes.push(t('import.badName', { kind: t('import.kindVar'), name, rule: t('import.ruleVar') }));
        else plain[name] = value;
    }
  }
  if (Object.keys(ssh).length > 0) out.ssh_options = ssh;
  if (Object.keys(plain).length > 0) out.vars = plain;
  return out;
}

function checkName(kind: 'host' | 'group', name: string, t: Translator<RemoteMessage>): void {
  const ok = kind === 'host' ? HOST_NAME.test(name) : GROUP_NAME.test(name);
  if (ok) return;
  const rule = kind === 'host' ? t('import.ruleHost') : t('import.ruleGroup');
  throw new AnsibleInventoryError(t('import.badName', { kind: t(kind === 'host' ? 'import.kindHost' : 'import.kindGroup'), name, rule }));
}

/** The runbook inventory data of an Ansible inventory, and notes on what did not carry over. */
export function convertAnsible(source: AnsibleInventory, t: Translator<RemoteMessage>): Converted {
  const notes: string[] = [];
  const inventory: Inventory = {};
  const all = source.groups.get('all');
  if (all) {
    const { vars, address: _address, ...defaults } = settingsOf(all.vars, 'all', t, notes, false);
    if (Object.keys(defaults).length > 0) inventory.defaults = defaults;
    if (vars) inventory.vars = vars;
  }
  inventory.hosts = {};
  for (const [name, vars] of source.hosts) {
    checkName('host', name, t);
    const host: Host = settingsOf(vars, t('import.whereHost', { name }), t, notes, true);
    inventory.hosts![name] = host;
  }
  const groups: Record<string, Group> = {};
  for (const [name, group] of source.groups) {
    if (name === 'all' || name === 'ungrouped') continue;
    checkName('group', name, t);
    const { address: _address, ...settings } = settingsOf(group.vars, t('import.whereGroup', { name }), t, notes, false);
    const out: Group = {};
    if (group.hosts.length > 0) out.hosts = [...group.hosts];
    const children = group.children.filter((c) => c !== 'ungrouped');
    if (children.length > 0) out.children = children;
    groups[name] = { ...out, ...settings };
  }
  if (Object.keys(groups).length > 0) inventory.groups = groups;
  return { inventory, notes };
}
