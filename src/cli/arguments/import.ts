// The arguments of `runbook import <markdown> [-o dir] [--force] [--dry-run]`.
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';

/** The first line of `runbook import --help`, also the answer to a command line without exactly one Markdown file. */
export const IMPORT_SYNOPSIS = {
  en: 'Usage: runbook import <markdown> [-o dir] [--force] [--dry-run]',
  'zh-CN': '用法：runbook import <markdown> [-o 目录] [--force] [--dry-run]',
};

export interface ImportArguments {
  /** The Markdown runbook. */
  source: string;
  /** `-o, --output DIR`: the folder for the drafts (default: the current one). */
  output: string;
  force: boolean;
  /** `--dry-run`: print the report, write nothing. */
  dryRun: boolean;
}

export function parseImport(argv: readonly string[], ctx: ArgumentContext): Parsed<ImportArguments> {
  const parser = new ArgumentParser('import', ctx.lang);
  const line = parser.read(argv, { output: { type: 'string', short: 'o' }, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' } });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  if (positionals.length !== 1) parser.problem(IMPORT_SYNOPSIS[ctx.lang]);
  return parser.result(() => ({ source: positionals[0]!, output: values.output ?? '.', force: values.force === true, dryRun: values['dry-run'] === true }));
}
