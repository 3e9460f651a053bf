// The arguments of `runbook new [name] [-o file] [--force]` and `runbook new <name> --from-alert alert.json [-o file] [--force]`.
import { PLAYBOOK_NAME } from '../../authoring/new/model.js';
import { authoringText } from '../../i18n/authoring.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';

/** The first line of `runbook new --help`, also the answer to a command line with more than one name. */
export const NEW_SYNOPSIS = {
  en: 'Usage: runbook new [name] [-o file] [--force]',
  'zh-CN': '用法：runbook new [名称] [-o 文件] [--force]',
};

export interface NewArguments {
  /**
   * `--from-alert FILE` (`-` is stdin): a scaffold from an Alertmanager payload, named as given; else the
   * interactive wizard, which asks for the name when none is given.
   */
  from: { alert: string; name: string } | { alert?: undefined; name: string | undefined };
  /** `-o, --output FILE`; undefined: runbooks/<name>.yaml when runbooks/ exists, else <name>.yaml. */
  output: string | undefined;
  force: boolean;
}

export function parseNew(argv: readonly string[], ctx: ArgumentContext): Parsed<NewArguments> {
  const t = authoringText(ctx.lang);
  const parser = new ArgumentParser('new', ctx.lang);
  const line = parser.read(argv, { output: { type: 'string', short: 'o' }, 'from-alert': { type: 'string' }, force: { type: 'boolean' } });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  const [name, ...extra] = positionals;
  if (extra.length > 0) parser.problem(NEW_SYNOPSIS[ctx.lang]);
  if (name !== undefined && !PLAYBOOK_NAME.test(name)) parser.problem(t('new.badName', { name }));
  const alert = values['from-alert'];
  if (alert !== undefined && !name) parser.problem(t('new.needName'), 'runbook new <name> --from-alert alert.json');
  return parser.result(() => ({ from: alert !== undefined ? { alert, name: name! } : { name }, output: values.output, force: values.force === true }));
}
