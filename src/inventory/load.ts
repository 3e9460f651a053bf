// Loads an inventory file: the playbook loader's YAML reader, positions and schema messages, then the inventory's own rules.
import { resolve } from 'node:path';
import { InvalidPlaybookError, type Diagnostic } from '../engine/errors.js';
import { byPosition } from '../engine/diagnostic-order.js';
import { MAX_FILE_BYTES, readPlaybookText, withoutBom, type LoadOptions } from '../engine/read-playbook.js';
import { checkSchema, type CheckedSchema } from '../engine/schema-check.js';
import { parseYaml } from '../engine/yaml-parse.js';
import { createLocator } from '../engine/yaml-position.js';
import { detectLang, translator, type Translator } from '../i18n/index.js';
import { remoteText, type RemoteMessage } from '../i18n/remote.js';
import { validateCatalog, type ValidateMessage } from '../i18n/validate.js';
import schemaJson from '../../runbooks/schemas/inventory.schema.json' with { type: 'json' };
import type { Inventory } from './inventory.gen.js';
import type { LoadedInventory } from './model.js';
import { resolveInventory } from './resolve.js';
import validateInventory from './schema-validator.gen.js';
import { checkInventory } from './semantic.js';

export type { LoadOptions } from '../engine/read-playbook.js';

/** The inventory is invalid: exit 2 with every diagnostic (printed like a playbook's). */
export class InvalidInventoryError extends InvalidPlaybookError {
  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    super(file, diagnostics);
    this.name = 'InvalidInventoryError';
  }
}

export interface InventoryLoadResult {
  file: string;
  diagnostics: Diagnostic[];
  /** The text (BOM removed) when it could be read, for showing the offending lines. */
  source?: string;
  inventory?: LoadedInventory;
}

const inventorySchema: CheckedSchema = { validate: validateInventory, root: schemaJson as Record<string, unknown> };

/** Loads and checks an inventory; throws InvalidInventoryError (exit 2) with located diagnostics. */
export async function loadInventoryFile(path: string, options: LoadOptions = {}): Promise<LoadedInventory> {
  const result = await tryLoadInventoryFile(path, options);
  if (result.inventory) return result.inventory;
  throw new InvalidInventoryError(result.file, result.diagnostics);
}

/** Every diagnostic of an inventory file, and the inventory when it has none. Never throws for bad input. */
export async function tryLoadInventoryFile(path: string, options: LoadOptions = {}): Promise<InventoryLoadResult> {
  const read = await readPlaybookText(path, options);
  if ('diagnostics' in read) return { file: path, diagnostics: read.diagnostics.map((d) => reword(d, remoteText(options.lang ?? detectLang()))) };
  return tryLoadInventoryText(path, read.text, { ...options, absolutePath: read.absolutePath });
}

export function tryLoadInventoryText(file: string, text: string, options: LoadOptions & { absolutePath?: string } = {}): InventoryLoadResult {
  const lang = options.lang ?? detectLang();
  const r = remoteText(lang);
  const t = inventoryWords(translator(validateCatalog, lang), r);
  const absolutePath = options.absolutePath ?? resolve(options.cwd ?? process.cwd(), file);
  const source = withoutBom(text);
  const { parsed, diagnostics } = parseYaml(file, source, t);
  if (!parsed) return { file, diagnostics, source };
  const { locate, locateKey } = createLocator(parsed.doc, parsed.mapper);
  const schemaDiagnostics = checkSchema(parsed.value, { file, locate, locateKey, t, lang, schema: inventorySchema, documentName: r('inv.inventory') });
  if (schemaDiagnostics.length > 0) return { file, diagnostics: schemaDiagnostics, source };
  const data = parsed.value as Inventory;
  const semantic = checkInventory(data, { file, locate, locateKey, t: r }).sort(byPosition);
  if (semantic.length > 0) return { file, diagnostics: semantic, source };
  return { file, diagnostics: [], source, inventory: resolveInventory(data, file, absolutePath) };
}

/** The YAML reader's messages, with the few that say "playbook" said of an inventory. */
function inventoryWords(base: Translator<ValidateMessage>, r: Translator<RemoteMessage>): Translator<ValidateMessage> {
  const own: Partial<Record<ValidateMessage, RemoteMessage>> = {
    emptyHint: 'inv.yaml.emptyHint',
    notMapping: 'inv.yaml.notMapping',
    multipleDocuments: 'inv.yaml.multipleDocuments',
    multipleDocumentsHint: 'inv.yaml.multipleDocumentsHint',
  };
  return (key, vars) => {
    const mine = own[key];
    return mine ? r(mine, vars) : base(key, vars);
  };
}

/** A read failure worded for an inventory (the reader's messages speak of playbooks). */
function reword(d: Diagnostic, r: Translator<RemoteMessage>): Diagnostic {
  if (d.code === 'file.too-large') return { ...d, message: r('inv.file.tooLarge', { cap: `${MAX_FILE_BYTES / 1024 / 1024} MiB` }), hint: r('inv.file.tooLargeHint') };
  return d;
}
