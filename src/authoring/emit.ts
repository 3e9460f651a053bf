// Writes a draft as YAML with the schema modeline and review comments placed on the nodes they are about.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import type { Draft, YamlPath } from './draft.js';

/** The draft as YAML text. `schemaRef` is the modeline's path to playbook.schema.json. */
export function emitDraft(draft: Draft, schemaRef: string): string {
  const doc = new Document(draft.playbook);
  const header = [` yaml-language-server: $schema=${schemaRef}`];
  if (draft.header.length > 0) header.push('', ...draft.header.map((l) => (l ? ` ${l}` : '')));
  doc.commentBefore = header.join('\n');
  const byPath = new Map<string, { path: YamlPath; lines: string[] }>();
  for (const note of draft.notes) {
    const key = JSON.stringify(note.path);
    const entry = byPath.get(key) ?? { path: note.path, lines: [] };
    entry.lines.push(...note.text.split('\n'));
    byPath.set(key, entry);
  }
  for (const { path, lines } of byPath.values()) attachComment(doc, path, lines.map((l) => ` ${l}`).join('\n'));
  return doc.toString({ lineWidth: 0 });
}

function attachComment(doc: Document, path: YamlPath, comment: string): void {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (last === undefined) return;
  let target: Node | undefined;
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    if (isNode(item)) target = item;
  } else if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && isScalar(pair.key)) target = pair.key;
  }
  if (!target) return;
  target.commentBefore = target.commentBefore ? `${target.commentBefore}\n${comment}` : comment;
}

/** Where the playbook schema is for a file written at `outFile`: the nearest `runbooks/schemas`, else the shipped one. */
export function schemaRefFor(outFile: string): string {
  const outDir = dirname(resolve(outFile));
  let schema: string | undefined;
  for (let dir = outDir; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'schemas', 'playbook.schema.json'), join(dir, 'runbooks', 'schemas', 'playbook.schema.json')]) {
      if (existsSync(candidate)) {
        schema = candidate;
        break;
      }
    }
    if (schema || dirname(dir) === dir) break;
  }
  schema ??= shippedSchema();
  if (!schema) return 'https://runbook.dev/schemas/playbook.schema.json';
  const rel = relative(outDir, schema).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The schema inside the installed runbook package (dist/chunks/… or src/authoring/… → runbooks/schemas). */
function shippedSchema(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'runbooks', 'schemas', 'playbook.schema.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}
