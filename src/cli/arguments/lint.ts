// The arguments of `runbook lint [files or folders ...] [--format text|json|github|sarif] [--no-follow]`.
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { FORMAT_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

export const LINT_FORMATS = ['text', 'json', 'github', 'sarif'] as const;

export interface LintArguments {
  /** Files, folders or playbook names; runbooks/ when none is given. */
  paths: string[];
  format: (typeof LINT_FORMATS)[number];
  /** Lint the playbooks included by those given too (not with `--no-follow`). */
  follow: boolean;
}

export function parseLint(argv: readonly string[], ctx: ArgumentContext): Parsed<LintArguments> {
  const parser = new ArgumentParser('lint', ctx.lang);
  const line = parser.read(argv, { ...FORMAT_OPTION, 'no-follow': { type: 'boolean' } });
  if (!line) return parser.failure();
  const format = parser.oneOf('format', line.values.format, LINT_FORMATS, 'text');
  return parser.result(() => ({ paths: line.positionals.length > 0 ? line.positionals : ['runbooks'], format, follow: line.values['no-follow'] !== true }));
}
