// Templates remembered across runs (validate's parse cache): a kept template's facts are used as they are, a new one's
// are kept, and the tree stays available to whoever renders.
import { afterEach, describe, expect, it } from 'vitest';
import { parseTemplate, rememberTemplates, templatesInJsonStrings, type TemplateFacts, type TemplateIssue, type TemplateMemory } from '../../src/engine/template.js';

function memoryOf(facts = new Map<string, TemplateFacts>(), json = new Map<string, TemplateIssue[]>()): TemplateMemory & { facts$: typeof facts; json$: typeof json } {
  return {
    facts$: facts,
    json$: json,
    facts: (kind, source) => facts.get(`${kind}\0${source}`),
    keepFacts: (kind, source, kept) => void facts.set(`${kind}\0${source}`, kept),
    jsonIssues: (source) => json.get(source),
    keepJsonIssues: (source, issues) => void json.set(source, issues),
  };
}

afterEach(() => rememberTemplates(undefined));

describe('remembered templates', () => {
  it('keeps what a parse found, and gives it back without parsing next time', () => {
    const memory = memoryOf();
    rememberTemplates(memory);
    const fresh = parseTemplate('echo "{{who}}" {{raw cmd}}', 'shell');
    expect(memory.facts$.get('shell\0echo "{{who}}" {{raw cmd}}')).toEqual({ references: fresh.references, issues: fresh.issues, raw: fresh.raw });

    const kept: TemplateFacts = { references: [{ parts: ['kept'], raw: false, use: 'bare', line: 1, col: 1 }], issues: [], raw: [] };
    memory.facts$.set('text\0{{who}}', kept);
    const remembered = parseTemplate('{{who}}', 'text');
    expect(remembered.references).toEqual(kept.references);
    // The tree is parsed when asked for, from the source itself.
    expect(remembered.ast).toEqual(parseTemplateWithoutMemory('{{who}}').ast);
  });

  it('gives no tree (and does not throw) when kept facts belong to a template that does not parse', () => {
    rememberTemplates(memoryOf(new Map([['text\0{{#if}}', { references: [], issues: [], raw: [] }]])));
    expect(parseTemplate('{{#if}}', 'text').ast).toBeUndefined();
  });

  it('keeps and reuses the issues of templates inside JSON strings', () => {
    const memory = memoryOf();
    rememberTemplates(memory);
    const issues = templatesInJsonStrings('{"name": "{{who}}"}');
    expect(issues.map((i) => i.code)).toEqual(['template.in-json-string']);
    expect(memory.json$.get('{"name": "{{who}}"}')).toEqual(issues);
    memory.json$.set('{"a": "{{b}}"}', []);
    expect(templatesInJsonStrings('{"a": "{{b}}"}')).toEqual([]);
  });
});

function parseTemplateWithoutMemory(source: string): ReturnType<typeof parseTemplate> {
  rememberTemplates(undefined);
  return parseTemplate(source, 'text');
}
