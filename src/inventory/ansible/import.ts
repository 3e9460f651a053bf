// `runbook inventory import`: an Ansible inventory (INI or YAML) read and written as a runbook inventory.
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Document, isSeq, visit } from 'yaml';
import type { Lang } from '../../i18n/index.js';
import { remoteText } from '../../i18n/remote.js';
import { sayFsError } from '../../engine/run/fs-errors.js';
import { tryLoadInventoryText } from '../load.js';
import { convertAnsible } from './convert.js';
import { readIniInventory } from './ini.js';
import { AnsibleInventoryError, type AnsibleInventory } from './model.js';
import { readYamlInventory } from './yaml.js';
import { showLineBreaks } from '../../engine/escapes.js';

export { AnsibleInventoryError } from './model.js';

export const INVENTORY_MODELINE = '# yaml-language-server: $schema=./schemas/inventory.schema.json';

export interface ImportResult {
  /** The runbook inventory, as YAML text (with the schema modeline). */
  text: string;
  hosts: number;
  groups: number;
  /** What did not carry over, one sentence each. */
  notes: string[];
}

/** YAML by extension (.yml, .yaml, .json); otherwise INI, unless the text plainly starts as YAML. */
export function looksLikeYaml(file: string, text: string): boolean {
  if (['.yml', '.yaml', '.json'].includes(extname(file).toLowerCase())) return true;
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';'));
  return first !== undefined && (first === '---' || /^[^[\s=]+:\s*$/.test(first) || first.startsWith('{'));
}

/** Converts Ansible inventory text; throws AnsibleInventoryError (naming the file and line) when it cannot be read. */
export function importAnsibleText(file: string, text: string, lang: Lang): ImportResult {
  const t = remoteText(lang);
  let source: AnsibleInventory;
  const notes: string[] = [];
  if (looksLikeYaml(file, text)) {
    source = readYamlInventory(file, text, t);
  } else {
    const read = readIniInventory(file, text, t);
    source = read.inventory;
    for (const c of read.complex) notes.push(t('import.complexValue', { where: `${file}:${c.line}`, name: c.name, value: JSON.stringify(c.value) }));
  }
  const converted = convertAnsible(source, t);
  notes.push(...converted.notes);
  const yamlText = `${INVENTORY_MODELINE}\n${toYaml(converted.inventory)}`;
  // What we write must load: a name or value our format refuses is reported now, not when the inventory is used.
  const check = tryLoadInventoryText(file, yamlText, { lang });
  if (!check.inventory) {
    const first = check.diagnostics[0];
    throw new AnsibleInventoryError(t('import.invalid', { file, message: first?.message ?? '' }));
  }
  return { text: yamlText, hosts: check.inventory.hosts.length, groups: check.inventory.groups.length, notes };
}

/** Block YAML, with the lists of names (a group's hosts and children) on one line. */
function toYaml(data: unknown): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node)) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Reads and converts an Ansible inventory file (messages name it as given; it is read relative to `cwd`). */
export function importAnsibleFile(path: string, lang: Lang, cwd = process.cwd()): ImportResult {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? remoteText(lang)('import.noSuchFile') : sayFsError(error, lang);
    throw new AnsibleInventoryError(remoteText(lang)('import.readFailed', { file: showLineBreaks(path), reason }));
  }
  return importAnsibleText(path, text, lang);
}
