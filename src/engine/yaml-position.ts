// Maps YAML nodes and paths back to 1-based line/column positions in the source text.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { NodePosition, YamlPath } from './loaded.js';

type ScalarStyle = NonNullable<NodePosition['scalar']>;
const SCALAR_STYLES = new Set<string>(['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED']);

/** Turns offsets into 1-based line/column; columns count characters (code points), so tabs and CJK count as one. */
export class PositionMapper {
  constructor(
    private readonly source: string,
    private readonly lineCounter: LineCounter,
  ) {}

  point(offset: number): { line: number; col: number } {
    const { line } = this.lineCounter.linePos(offset);
    const start = this.lineCounter.lineStarts[line - 1] ?? 0;
    return { line, col: countCodePoints(this.source, start, offset) + 1 };
  }

  /** Position of [start, end), with trailing blanks and line breaks trimmed from the end. */
  span(start: number, end: number, scalar?: ScalarStyle): NodePosition {
    let e = Math.min(end, this.source.length);
    while (e > start + 1 && /\s/.test(this.source[e - 1]!)) e--;
    const from = this.point(start);
    const to = this.point(Math.max(e, start));
    const position: NodePosition = { line: from.line, col: from.col, endLine: to.line, endCol: to.col };
    if (scalar) position.scalar = scalar;
    return position;
  }

  node(node: Node): NodePosition | undefined {
    if (!node.range) return undefined;
    const style = isScalar(node) && node.type && SCALAR_STYLES.has(node.type) ? (node.type as ScalarStyle) : undefined;
    const [start, valueEnd] = node.range;
    return this.span(start, Math.max(valueEnd, start + 1), style);
  }
}

function countCodePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function keyMatches(key: unknown, segment: string | number): boolean {
  if (isScalar(key)) return String(key.value) === String(segment);
  return false;
}

/** Walks `path` from the document root: the deepest node reached, the pair of the last step, and whether it was all found. */
function walk(doc: Document, path: YamlPath): { node: Node | undefined; keyNode: Node | undefined; complete: boolean } {
  let node = doc.contents as Node | null | undefined;
  let keyNode: Node | undefined;
  let last: Node | undefined = node ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isAlias(node)) node = node.resolve(doc) as Node | undefined;
    let next: Node | undefined;
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, segment));
      if (pair) {
        next = (pair.value ?? pair.key) as Node | undefined;
        keyNode = pair.key as Node | undefined;
        // `key:` with no value: point at the key.
        if (pair.value === null || pair.value === undefined) next = keyNode;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = (node.items[segment] as Node | undefined) ?? undefined;
    }
    if (!next) return { node: last, keyNode: undefined, complete: false };
    node = next;
    last = next;
  }
  return { node: last, keyNode, complete: true };
}

/** locate / locateKey for a parsed document, as in the LoadedPlaybook contract. */
export function createLocator(doc: Document, mapper: PositionMapper) {
  const locate = (path: YamlPath): NodePosition | undefined => {
    const { node } = walk(doc, path);
    return node ? mapper.node(node) : undefined;
  };
  const locateKey = (path: YamlPath): NodePosition | undefined => {
    const { keyNode, complete } = walk(doc, path);
    if (complete && keyNode) return mapper.node(keyNode);
    return locate(path);
  };
  return { locate, locateKey };
}

export type Locator = ReturnType<typeof createLocator>;
