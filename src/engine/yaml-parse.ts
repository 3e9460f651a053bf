// Parses playbook YAML defensively: one plain-data document, bounded in size, depth and alias expansion.
import { Composer, LineCounter, Parser, isAlias, isCollection, isMap, isScalar, isSeq, type CST, type Document, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from './errors.js';
import type { NodePosition } from './loaded.js';
import { PositionMapper } from './yaml-position.js';
import { byPosition } from './diagnostic-order.js';
import type { Translator } from '../i18n/index.js';
import type { ValidateMessage } from '../i18n/validate.js';

/** Deeper than this is rejected before the YAML tree is built (playbooks use fewer than 10 levels). */
export const MAX_DEPTH = 64;
/** Alias nodes (`*name`) allowed in one file. */
export const MAX_ALIASES = 64;
/** Values the document may expand to once aliases are resolved. */
export const MAX_VALUES = 100_000;
/** Syntax errors reported per file (later ones are mostly consequences of the first). */
const MAX_SYNTAX_ERRORS = 3;

export interface ParsedYaml {
  doc: Document.Parsed;
  mapper: PositionMapper;
  /** The plain data, aliases expanded. */
  value: unknown;
}

type T = Translator<ValidateMessage>;

interface Context {
  file: string;
  source: string;
  mapper: PositionMapper;
  t: T;
  diagnostics: Diagnostic[];
}

function report(ctx: Context, code: string, message: string, hint: string | undefined, at: NodePosition | undefined): void {
  const d: Diagnostic = { code, severity: 'error', message };
  if (hint) d.hint = hint;
  if (at) d.location = { file: ctx.file, line: at.line, col: at.col, endLine: at.endLine, endCol: at.endCol };
  ctx.diagnostics.push(d);
}

/** Control characters YAML forbids (and that yaml's own lexer uses as internal markers). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function parseYaml(file: string, source: string, t: T): { parsed?: ParsedYaml; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const ctx: Context = { file, source, mapper: new PositionMapper(source, lineCounter), t, diagnostics: [] };

  const bad = FORBIDDEN_CHAR.exec(source);
  if (bad) {
    indexLines(source, lineCounter);
    const at = ctx.mapper.span(bad.index, bad.index + 1);
    const code = bad[0].charCodeAt(0);
    if (code === 0) report(ctx, 'file.binary', t('fileBinary'), t('fileBinaryHint'), at);
    else report(ctx, 'yaml.control-char', t('controlChar', { code: code.toString(16).toUpperCase().padStart(4, '0') }), t('controlCharHint'), at);
    return { diagnostics: ctx.diagnostics };
  }

  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(source));
  if (!checkTokens(ctx, tokens)) return { diagnostics: ctx.diagnostics };

  const docs = Array.from(
    new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: 'silent', strict: true }).compose(tokens, true, source.length),
  );
  const doc = docs[0];
  if (docs.length > 1) {
    const second = docs[1]!;
    report(ctx, 'yaml.multiple-documents', t('multipleDocuments'), t('multipleDocumentsHint'), documentStart(ctx, second));
  }
  if (!doc) return { diagnostics: ctx.diagnostics };
  reportSyntaxErrors(ctx, doc);
  if (ctx.diagnostics.length > 0) return { diagnostics: ctx.diagnostics };

  checkTree(ctx, doc);
  if (ctx.diagnostics.length > 0) return { diagnostics: ctx.diagnostics.sort(byPosition) };

  const contents = doc.contents as Node | null;
  if (contents === null) {
    report(ctx, 'yaml.empty', t('empty'), t('emptyHint'), undefined);
    return { diagnostics: ctx.diagnostics };
  }
  if (!isMap(contents)) {
    report(ctx, 'yaml.not-mapping', t('notMapping', { kind: describeNode(t, contents) }), undefined, ctx.mapper.node(contents));
    return { diagnostics: ctx.diagnostics };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // yaml throws a ReferenceError when alias expansion grows beyond maxAliasCount (the "billion laughs" attack).
    if (!(error instanceof ReferenceError)) throw error;
    report(ctx, 'yaml.alias-limit', t('expansionLimit', { max: MAX_VALUES }), t('aliasLimitHint'), undefined);
    return { diagnostics: ctx.diagnostics };
  }
  if (countValues(value, MAX_VALUES) > MAX_VALUES) {
    report(ctx, 'yaml.alias-limit', t('expansionLimit', { max: MAX_VALUES }), t('aliasLimitHint'), undefined);
    return { diagnostics: ctx.diagnostics };
  }
  return { parsed: { doc, mapper: ctx.mapper, value }, diagnostics: ctx.diagnostics };
}

function indexLines(source: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

function documentStart(ctx: Context, doc: Document.Parsed): NodePosition | undefined {
  const start = doc.range[0];
  // Point at the `---` marker that opens the second document, when there is one.
  const marker = ctx.source.lastIndexOf('---', start + 3);
  const at = marker !== -1 && marker <= start ? marker : start;
  return ctx.mapper.span(at, at + 3);
}

/**
 * Walks the concrete syntax tree without recursion: rejects nesting deeper than MAX_DEPTH, any tag,
 * and more than MAX_ALIASES aliases, before yaml builds its (recursive) tree.
 */
function checkTokens(ctx: Context, tokens: CST.Token[]): boolean {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  let aliases = 0;
  let firstExtraAlias: number | undefined;
  const tags: CST.SourceToken[] = [];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      report(ctx, 'yaml.too-deep', ctx.t('tooDeep', { max: MAX_DEPTH }), ctx.t('tooDeepHint'), ctx.mapper.span(token.offset, token.offset + 1));
      return false;
    }
    const props: CST.Token[] = [];
    switch (token.type) {
      case 'document':
        props.push(...token.start);
        if (token.value) stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (token.type === 'flow-collection') props.push(token.start);
        for (const item of token.items) {
          props.push(...item.start);
          if (item.sep) props.push(...item.sep);
          if (item.key) stack.push({ token: item.key, depth: depth + 1 });
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      case 'block-scalar':
        props.push(...token.props);
        break;
      case 'alias':
        aliases++;
        if (aliases === MAX_ALIASES + 1) firstExtraAlias = token.offset;
        break;
      default:
        break;
    }
    for (const prop of props) if (prop.type === 'tag') tags.push(prop as CST.SourceToken);
  }
  tags.sort((a, b) => a.offset - b.offset);
  for (const tag of tags.slice(0, 10)) {
    report(ctx, 'yaml.tag', ctx.t('tag', { tag: tag.source }), ctx.t('tagHint'), ctx.mapper.span(tag.offset, tag.offset + tag.source.length));
  }
  if (firstExtraAlias !== undefined) {
    report(
      ctx,
      'yaml.alias-limit',
      ctx.t('aliasLimit', { count: aliases, max: MAX_ALIASES }),
      ctx.t('aliasLimitHint'),
      ctx.mapper.span(firstExtraAlias, firstExtraAlias + 1),
    );
  }
  return ctx.diagnostics.length === 0;
}

function reportSyntaxErrors(ctx: Context, doc: Document.Parsed): void {
  for (const error of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const [start, end] = error.pos;
    const at = ctx.mapper.span(start, Math.max(end, start + 1));
    const template = unquotedTemplateOnLine(ctx.source, start);
    if (template) {
      report(ctx, 'yaml.unquoted-template', ctx.t('unquotedTemplate'), templateHint(ctx.t, template.key), ctx.mapper.span(template.offset, template.offset + 2));
      continue;
    }
    const detail = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    report(ctx, 'yaml.syntax', ctx.t('yamlSyntax', { detail }), ctx.t('yamlSyntaxHint'), at);
  }
}

/** `key: {{ ...` or `- {{ ...` on the line holding `offset`: the classic unquoted template. */
function unquotedTemplateOnLine(source: string, offset: number): { key: string | undefined; offset: number } | undefined {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = source.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = source.length;
  const line = source.slice(lineStart, lineEnd);
  const keyed = /^(\s*(?:-\s+)?)([^\s:#'"\-{[][^:#]*?):[ \t]+\{\{/.exec(line);
  if (keyed) return { key: keyed[2]!.trim(), offset: lineStart + keyed[0].length - 2 };
  const item = /^\s*-[ \t]+\{\{/.exec(line);
  if (item) return { key: undefined, offset: lineStart + item[0].length - 2 };
  return undefined;
}

function templateHint(t: T, key: string | undefined): string {
  return key === undefined ? t('unquotedTemplateItemHint') : t('unquotedTemplateHint', { key });
}

/**
 * Tree checks: duplicate keys (both lines), keys that are collections (an unquoted `{{ x }}`). Walks the
 * collections depth first without recursion, in document order (yaml's `visit` would build a path per node).
 */
function checkTree(ctx: Context, doc: Document.Parsed): void {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      checkKeys(ctx, node as YAMLMap<Node | null, unknown>);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value, node.items[i]!.key);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

function checkKeys(ctx: Context, map: YAMLMap<Node | null, unknown>): void {
  const { t, mapper } = ctx;
  const seen = new Map<string, Node>();
  for (const pair of map.items) {
    const key = pair.key;
    if (isCollection(key)) {
      if (isMap(key) && key.flow && map.flow && map.range) {
        const start = map.range[0];
        const template = unquotedTemplateOnLine(ctx.source, start);
        report(ctx, 'yaml.unquoted-template', t('unquotedTemplate'), templateHint(t, template?.key), mapper.span(start, map.range[1]));
      } else {
        report(ctx, 'yaml.complex-key', t('complexKey', { kind: describeNode(t, key) }), undefined, mapper.node(key));
      }
      continue;
    }
    if (!isScalar(key)) continue;
    const name = String(key.value);
    const first = seen.get(name);
    if (first) {
      const firstLine = mapper.node(first)?.line ?? 0;
      const at = mapper.node(key);
      report(ctx, 'yaml.duplicate-key', t('duplicateKey', { key: name, first: firstLine, second: at?.line ?? 0 }), t('duplicateKeyHint'), at);
    } else {
      seen.set(name, key);
    }
  }
}

function describeNode(t: T, node: Node | null): string {
  if (isMap(node)) return t('type_object');
  if (isSeq(node)) return t('type_array');
  if (isAlias(node)) return 'alias';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return t('type_null');
    if (typeof v === 'number') return t('type_number');
    if (typeof v === 'boolean') return t('type_boolean');
    return t('type_string');
  }
  return t('type_null');
}

/** Counts values (each object, array and scalar) without recursion, stopping once over `limit`. */
function countValues(root: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    count++;
    if (count > limit) return count;
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stack.push(item);
  }
  return count;
}
