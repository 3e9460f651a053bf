// Reads the typed commands of a draft: secrets scrubbed and declared, shell state (`cd`, `export`) set aside, each command classified.
import { classifyCommand, dropFollow, isShellStateLine, type CommandKind } from './classify.js';
import { PLACEHOLDER } from './params.js';
import type { SecretScrubber } from './secrets.js';
import { declareSecrets, type DraftParts } from './build-parts.js';
import type { BuildInput, SourceCommand } from './build.js';

/** A command to place in the draft. */
export interface Item {
  source: SourceCommand;
  command: string;
  kind: CommandKind;
  reason: string;
  /** Shell state lines (`source env.sh`, `cd`, `export`) typed before it: it may depend on them. */
  carried: string[];
  followDropped: boolean;
  secrets: string[];
}

export interface ReadCommands {
  items: Item[];
  /** Every shell state line read (what the items carry). */
  prefix: string[];
  /** `export NAME=value` lines: playbook env, filled in once params are known (the value may hold <placeholders>). */
  envLiterals: Map<string, string>;
}

/** Reads the commands in order; secrets they hold become env vars of `parts`. */
export function readCommands(input: BuildInput, scrubber: SecretScrubber, parts: DraftParts): ReadCommands {
  const read: ReadCommands = { items: [], prefix: [], envLiterals: new Map() };
  for (const source of input.commands) {
    const scrubbed = scrubber.scrub(source.command);
    declareSecrets(parts, scrubbed.secrets);
    if (scrubbed.setsSecretOnly) continue;
    const line = scrubbed.command.trim();
    if (isShellStateLine(line)) {
      readStateLine(line, input, read, parts);
      continue;
    }
    const tamed = dropFollow(line);
    // `<placeholders>` are values, not redirections.
    const c = classifyCommand(tamed.command.replace(PLACEHOLDER, 'X'));
    read.items.push({
      source: { ...source, ...(source.name ? { name: scrubber.scrubText(source.name) } : {}) },
      command: tamed.command,
      kind: c.kind,
      reason: c.reason,
      carried: [...read.prefix],
      followDropped: tamed.changed,
      secrets: scrubbed.secrets.map((s) => s.env),
    });
  }
  return read;
}

/** `cd` in a recording is already each command's cwd; `export X=literal` is playbook env; other state is carried. */
function readStateLine(line: string, input: BuildInput, read: ReadCommands, parts: DraftParts): void {
  if (input.mode === 'record' && /^\s*(cd|pushd|popd)(\s|$)/.test(line)) return;
  const simple = line.match(/^export\s+([A-Za-z_][A-Za-z0-9_]*)=("[^"$`\\]*"|'[^']*'|[^\s"'$`;&|\\]*)$/);
  if (simple) {
    read.envLiterals.set(simple[1]!, simple[2]!.replace(/^(["'])(.*)\1$/, '$2'));
    parts.envNotes.push(parts.t('note.envExport', { name: simple[1]! }));
    return;
  }
  read.prefix.push(line);
}
