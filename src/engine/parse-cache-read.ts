// What the parse cache (parse-cache.ts) may keep, and reading it back as untrusted input: a wrong shape is a miss.
import type { TemplateFacts, TemplateIssue, TemplateReference } from './template.js';
import { MAX_DEPTH, MAX_VALUES } from './yaml-parse.js';

/**
 * True when JSON gives `value` back exactly: plain objects and arrays, strings, booleans, null and finite
 * numbers other than -0, each object reached once (aliases share objects, which JSON would copy).
 */
export function writableValue(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item) || Object.is(item, -0)) return false;
      continue;
    }
    if (typeof item !== 'object' || seen.has(item)) return false;
    seen.add(item);
    if (Array.isArray(item)) stack.push(...(item as unknown[]));
    else if (Object.getPrototypeOf(item) === Object.prototype) stack.push(...Object.values(item));
    else return false;
  }
  return true;
}

/** A kept playbook's data: a mapping, no deeper and no larger than the YAML reader allows; else undefined. */
export function readValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const stack: { item: unknown; depth: number }[] = [{ item: value, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const { item, depth } = stack.pop()!;
    if (++count > MAX_VALUES || depth > MAX_DEPTH + 1) return undefined;
    if (typeof item !== 'object' || item === null) continue;
    for (const child of Array.isArray(item) ? (item as unknown[]) : Object.values(item)) stack.push({ item: child, depth: depth + 1 });
  }
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isPosition = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const USES: ReadonlySet<unknown> = new Set(['bare', 'helper', 'condition']);
const QUOTES: ReadonlySet<unknown> = new Set(['single', 'double']);

type Loose = Record<string, unknown>;

function isLoose(v: unknown): v is Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every(isString);
}

/** A fresh copy of a kept template issue, or undefined when it is not one. */
function readIssue(v: unknown): TemplateIssue | undefined {
  if (!isLoose(v) || !isString(v.code) || !isPosition(v.line) || !isPosition(v.col)) return undefined;
  if ((v.name !== undefined && !isString(v.name)) || (v.detail !== undefined && !isString(v.detail))) return undefined;
  if ((v.quote !== undefined && !QUOTES.has(v.quote)) || (v.helpers !== undefined && !isStrings(v.helpers))) return undefined;
  const issue = { ...v } as unknown as TemplateIssue;
  if (v.helpers !== undefined) issue.helpers = [...(v.helpers as string[])];
  return issue;
}

function readReference(v: unknown): TemplateReference | undefined {
  if (!isLoose(v) || !isStrings(v.parts) || !isPosition(v.line) || !isPosition(v.col) || typeof v.raw !== 'boolean' || !USES.has(v.use)) return undefined;
  return { ...v, parts: [...v.parts] } as unknown as TemplateReference;
}

/** Fresh copies of kept template issues (a list), or undefined when malformed. */
export function readIssues(data: unknown): TemplateIssue[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const issues: TemplateIssue[] = [];
  for (const item of data as unknown[]) {
    const issue = readIssue(item);
    if (!issue) return undefined;
    issues.push(issue);
  }
  return issues;
}

/** Fresh copies of a template's kept facts, or undefined when malformed. */
export function readFacts(data: unknown): TemplateFacts | undefined {
  if (!isLoose(data) || !Array.isArray(data.references) || !isStrings(data.raw)) return undefined;
  const issues = readIssues(data.issues);
  if (!issues) return undefined;
  const references: TemplateReference[] = [];
  for (const item of data.references as unknown[]) {
    const reference = readReference(item);
    if (!reference) return undefined;
    references.push(reference);
  }
  return { references, issues, raw: [...data.raw] };
}
