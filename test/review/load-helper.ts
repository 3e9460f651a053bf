// Loads a playbook for review tests: the real loader when present, else a YAML parse with positions (no schema check).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { LoadedPlaybook } from '../../src/engine/loaded.js';
import type { Playbook } from '../../src/engine/playbook.gen.js';
import { createLocator, PositionMapper } from '../../src/engine/yaml-position.js';

export function loadText(file: string, source: string): LoadedPlaybook {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const { locate, locateKey } = createLocator(doc, new PositionMapper(source, lineCounter));
  return {
    file,
    absolutePath: resolve(file),
    source,
    sha256: createHash('sha256').update(source).digest('hex'),
    playbook: doc.toJS() as Playbook,
    locate,
    locateKey,
  };
}

export async function loadFile(path: string): Promise<LoadedPlaybook> {
  return loadText(path, await readFile(path, 'utf8'));
}
