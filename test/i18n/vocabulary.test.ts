// The message catalogs stay consistent: one vocabulary for risk, status and phase words, full-width punctuation in
// Chinese sentences, and no word said twice (in a message, or where a status and its reason are shown together).
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/i18n/index.js';
import { catalog as authoringCatalog } from '../../src/i18n/authoring.js';
import { cliCatalog } from '../../src/i18n/cli.js';
import { compileCatalog } from '../../src/i18n/compile.js';
import { diagnosticsCatalog } from '../../src/i18n/diagnostics.js';
import { engineCatalog } from '../../src/i18n/engine.js';
import { fsCatalog } from '../../src/i18n/fs.js';
import { journalCatalog } from '../../src/i18n/journal.js';
import { planCatalog } from '../../src/i18n/plan.js';
import { remoteCatalog } from '../../src/i18n/remote.js';
import { reviewCatalog } from '../../src/i18n/review.js';
import { sandboxCatalog } from '../../src/i18n/sandbox.js';
import { selectCatalog } from '../../src/i18n/select.js';
import { serveCatalog } from '../../src/i18n/serve.js';
import { formatGateAnswer, uiCatalog, uiText } from '../../src/i18n/ui.js';
import { validateCatalog } from '../../src/i18n/validate.js';
import { wordsCatalog } from '../../src/i18n/words.js';
import { engineText } from '../../src/i18n/engine.js';
import { commands } from '../../src/cli/commands.js';
import { stepCatalogs } from '../../src/steps/index.js';

const catalogs: Record<string, Catalog<string>> = {
  authoring: authoringCatalog,
  cli: cliCatalog,
  compile: compileCatalog,
  diagnostics: diagnosticsCatalog,
  engine: engineCatalog,
  fs: fsCatalog,
  journal: journalCatalog,
  plan: planCatalog,
  remote: remoteCatalog,
  review: reviewCatalog,
  sandbox: sandboxCatalog,
  ui: uiCatalog,
  validate: validateCatalog,
  words: wordsCatalog,
  // Each step kind's own messages (src/steps/<kind>.ts) follow the same rules.
  ...stepCatalogs(),
};

/** Every zh-CN message (catalogs, command usages and summaries), as `where: text`. */
async function chineseTexts(): Promise<[string, string][]> {
  const texts: [string, string][] = [];
  for (const [name, catalog] of Object.entries(catalogs)) for (const [key, text] of Object.entries(catalog['zh-CN'])) texts.push([`${name}.${key}`, text]);
  for (const [name, entry] of Object.entries(commands)) {
    texts.push([`${name} summary`, entry.summary['zh-CN']]);
    const { command } = await entry.load();
    command.usage['zh-CN'].split('\n').forEach((line, i) => texts.push([`${name} --help line ${i + 1}`, line]));
  }
  return texts;
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
/** Half-width , : ; ? ! ( ) next to a Chinese character: Chinese sentences take the full-width forms. */
const HALF_WIDTH = new RegExp(`[${CJK}][,:;?!(]|[,:;?!] ?[${CJK}]|[${CJK}] ?\\)|\\( ?[${CJK}]`);

/** Code (`…`), placeholders ({name}) and YAML keys are not Chinese text. */
function prose(text: string): string {
  return text.replace(/`[^`]*`/g, '`…`').replace(/\{\w+\}/g, 'X');
}

describe('zh-CN catalogs', () => {
  it('use full-width punctuation next to Chinese text', async () => {
    const bad = (await chineseTexts()).filter(([, text]) => HALF_WIDTH.test(prose(text))).map(([where, text]) => `${where}: ${text}`);
    expect(bad).toEqual([]);
  });

  it('never use the English risk words in Chinese text', async () => {
    const bad = (await chineseTexts()).filter(([, text]) => /\b(high|medium|low)\b/i.test(prose(text))).map(([where, text]) => `${where}: ${text}`);
    expect(bad).toEqual([]);
  });

  it('say risk levels and phases with the words of words.ts, in every catalog that has them', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const [name, catalog] of Object.entries(catalogs)) {
        for (const [key, text] of Object.entries(catalog[lang])) {
          const word = /^(risk\.(low|medium|high)|phase\.\w+)$/.test(key) ? (wordsCatalog[lang] as Record<string, string>)[key] : undefined;
          if (word !== undefined) expect(text, `${name}.${key} (${lang})`).toBe(word);
        }
      }
    }
  });
});

describe('one word for one thing', () => {
  it('a process id is `pid` in Chinese too (the lock messages and the journal agree, as `ps -o pid` does)', async () => {
    const texts = [...(await chineseTexts()), ...[selectCatalog, serveCatalog].flatMap((c) => Object.entries(c['zh-CN']))];
    const bad = texts.filter(([, text]) => /进程号|进程\s*ID|PID/i.test(prose(text).replace(/\bpid\b/g, ''))).map(([where, text]) => `${where}: ${text}`);
    expect(bad).toEqual([]);
    expect(texts.filter(([, text]) => /\bpid\b/.test(prose(text))).length).toBeGreaterThan(5);
  });
});

describe('no word said twice', () => {
  it('within one message', () => {
    const bad: string[] = [];
    for (const [name, catalog] of Object.entries(catalogs)) {
      for (const lang of ['en', 'zh-CN'] as const) {
        for (const [key, text] of Object.entries(catalog[lang])) {
          const plain = prose(text);
          if (/\b(\w{2,})\s+\1\b/i.test(plain) || /\)\s*\(|）\s*（/.test(plain)) bad.push(`${name}.${key} (${lang}): ${text}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('where a status is shown with its reason', () => {
    // [status word, the reasons the engine gives with it]
    const pairs: [string, string[]][] = [
      ['status.already_done', ['step.checkPassed', 'check.includeDone']],
      ['status.would_run', ['check.noProbe', 'check.gate', 'check.notPassed', 'check.probeError']],
      ['status.unknown', ['check.deferredWhen', 'check.deferredProbe']],
      ['status.rollback_failed', ['rollback.verifyFailed']],
      ['summary.interrupted', ['step.interruptedBefore', 'check.interrupted']],
    ];
    for (const lang of ['en', 'zh-CN'] as const) {
      const ui = uiText(lang);
      const engine = engineText(lang);
      for (const [status, reasons] of pairs) {
        const word = ui(status as Parameters<typeof ui>[0]);
        for (const reason of reasons) expect(engine(reason as Parameters<typeof engine>[0]), `${status} · ${reason} (${lang})`).not.toContain(word);
      }
      // A gate answered with Ctrl-C names who did it once.
      const line = formatGateAnswer(ui, 'approve', false, 'user', true);
      expect(line).toBe(lang === 'en' ? 'approve: interrupted (Ctrl-C)' : 'approve：已中断（Ctrl-C）');
    }
  });
});
