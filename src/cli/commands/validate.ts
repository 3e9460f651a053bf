// `runbook validate <files or dirs...> [--format text|json|github]`: every problem of every playbook, exit 0 or 2.
import { setFlagsFromString } from 'node:v8';
import { defineCommand, type CliContext } from '../context.js';
import { parseValidate } from '../arguments/validate.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import { findPlaybooks } from '../../engine/find-playbooks.js';
import { openParseCache, type ParseCache } from '../../engine/parse-cache.js';
import { rememberTemplates } from '../../engine/template.js';
import { countBySeverity, validatePlaybookFiles, type ValidationResult } from '../../engine/validate.js';
import { isRulesFile, validateRulesFile } from '../../serve/validate-hook.js';
import { translator, type Translator } from '../../i18n/index.js';
import { validateCatalog, type ValidateMessage } from '../../i18n/validate.js';
import { validateIfInventory } from '../../inventory/validate-hook.js';
import { formatDiagnostics, useColor } from '../../ui/diagnostics.js';
import { resolvePathArgs } from '../resolve-playbook.js';

/** What a file given to validate was; a file not found counts as a playbook. */
type FileKind = 'playbook' | 'inventory' | 'rules';
type FileResult = ValidationResult & { fileKind?: FileKind };

export const command = defineCommand({
  usage: {
    en: `Usage: runbook validate <files or folders...> [--format text|json|github]

Checks each playbook: YAML syntax, the schema, semantic rules (unique step ids, params that
contradict themselves, includes that exist) and every template. Folders are searched for
*.yaml and *.yml files (not under schemas/).

Options:
  --format text|json|github   text (default): file:line:col, the offending lines and a hint;
                              json: one object per problem; github: workflow annotations
Exit codes: 0 all valid, 2 a playbook is invalid, none was found (or bad arguments).`,
    'zh-CN': `用法：runbook validate <文件或目录...> [--format text|json|github]

逐个检查 playbook：YAML 语法、schema、语义规则（步骤 id 唯一、参数自身不矛盾、被引用的
playbook 存在）以及所有模板。目录会被搜索其中的 *.yaml 与 *.yml 文件（不含 schemas/）。

选项：
  --format text|json|github   text（默认）：\`文件:行:列\`、出错的行和提示；
                              json：每个问题一个对象；github：工作流注释
退出码：0 全部有效，2 有 playbook 无效、没有找到 playbook（或参数错误）。`,
  },
  parse: parseValidate,
  async run({ paths: given, format }, ctx) {
    // A short-lived run: V8's optimising compiler would spend more CPU compiling the YAML lexer and the
    // template compiler than it saves (measured: about 40% less CPU validating 15 playbooks). Only this process.
    setFlagsFromString('--no-opt');
    const t = translator(validateCatalog, ctx.lang);
    const { paths, hints } = resolvePathArgs(given, ctx);
    const { files, missing } = await findPlaybooks(paths, ctx.cwd);
    const results: FileResult[] = missing.map((path) => {
      const hint = hints.get(path);
      return { file: path, diagnostics: [{ code: 'file.not-found', severity: 'error', message: t('notFound', { path }), ...(hint ? { hint } : {}) }] };
    });
    if (files.length === 0 && missing.length === 0) {
      throw new UserError(t('noPlaybooks', { paths: paths.join(', ') }), { hint: t('noPlaybooksHint') });
    }
    // What earlier runs parsed is kept in the user's cache folder (docs/performance.md); the answers are the same without it.
    const parseCache = openParseCache(ctx.env);
    rememberTemplates(parseCache?.templates);
    try {
      results.push(...(await validateFiles(files, ctx, parseCache)));
    } finally {
      rememberTemplates(undefined);
      parseCache?.save();
    }

    const withProblems = results.filter((r) => r.diagnostics.length > 0);
    const output = formatDiagnostics(withProblems, format, { lang: ctx.lang, color: useColor(ctx.stdout, ctx.env) });
    let errors = 0;
    let warnings = 0;
    let invalid = 0;
    for (const r of results) {
      const counts = countBySeverity(r.diagnostics);
      errors += counts.errors;
      warnings += counts.warnings;
      if (counts.errors > 0) invalid++;
    }
    if (format === 'json') {
      ctx.stdout.write(output);
    } else {
      const plural = (n: number, one: 'errorsOne' | 'warningsOne', many: 'errorsN' | 'warningsN') => (n === 1 ? t(one) : t(many, { count: n }));
      const playbooks = filesByKind(results, t);
      let summary =
        invalid === 0
          ? t('summaryValid', { playbooks })
          : t('summaryInvalid', { bad: invalid, playbooks, errors: plural(errors, 'errorsOne', 'errorsN') });
      if (warnings > 0) summary += t('summaryWarnings', { warnings: plural(warnings, 'warningsOne', 'warningsN') });

      ctx.stdout.write(output + (output && format === 'text' ? '\n' : '') + summary + '\n');
    }
    return invalid === 0 ? ExitCode.ok : ExitCode.invalid;
  },
});

const KIND_WORDS: Record<FileKind, readonly [one: ValidateMessage, many: ValidateMessage]> = {
  playbook: ['playbooksOne', 'playbooksN'],
  inventory: ['inventoriesOne', 'inventoriesN'],
  rules: ['rulesFilesOne', 'rulesFilesN'],
};

/**
 * The files of the summary, by kind: `16 playbooks`, `15 playbooks, 1 inventory and 1 rules file`, `1 inventory`
 * (a kind none of the files was is left out).
 */
function filesByKind(results: readonly FileResult[], t: Translator<ValidateMessage>): string {
  const phrases = (Object.keys(KIND_WORDS) as FileKind[]).flatMap((kind) => {
    const count = results.filter((r) => (r.fileKind ?? 'playbook') === kind).length;
    const [one, many] = KIND_WORDS[kind];
    return count === 0 ? [] : [count === 1 ? t(one) : t(many, { count })];
  });
  const last = phrases.pop() ?? t('playbooksN', { count: 0 });
  if (phrases.length === 0) return last;
  // A phrase may end with the space it needs before Chinese text; a comma needs none.
  const list = phrases.map((phrase, i) => (i < phrases.length - 1 ? phrase.trimEnd() + t('listComma') : phrase)).join('');
  return t('listAnd', { list, last });
}

/**
 * Every file's diagnostics, in the order given: inventories and rules files of `runbook serve` by their own
 * loaders, the playbooks together (a playbook another one includes is read once).
 */
async function validateFiles(files: readonly string[], ctx: CliContext, parseCache: ParseCache | undefined): Promise<FileResult[]> {
  const options = { lang: ctx.lang, cwd: ctx.cwd, ...(parseCache ? { parseCache } : {}) };
  const others = await Promise.all(
    files.map(async (file): Promise<FileResult | undefined> => {
      const inventory = await validateIfInventory(file, options);
      if (inventory) return { ...inventory, fileKind: 'inventory' };
      return isRulesFile(file, ctx.cwd) ? { ...(await validateRulesFile(file, options)), fileKind: 'rules' } : undefined;
    }),
  );
  const playbooks = await validatePlaybookFiles(files.filter((_, i) => others[i] === undefined), options);
  let next = 0;
  const results = others.map((other): FileResult => other ?? { ...playbooks[next++]!, fileKind: 'playbook' });
  // Playbooks given with an inventory: their `targets` must select hosts of it.
  if (results.some((r) => r.fileKind === 'inventory')) await (await import('../validate-targets.js')).checkTargetsAgainstInventory(results, options);
  return results;
}
