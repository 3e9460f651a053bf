// `become:` (top level, steps, probes, rollbacks): the user a shell command runs as, rendered from parameters
// at compile time; a step's probes and rollback inherit the step's, everything the playbook's.
import type { YamlPath } from '../loaded.js';
import { USER_NAME } from '../../process/become.js';
import type { Compiler } from './compiler.js';
import { readsItem } from '../for-each-items.js';
import { NO_STEPS, template, type Scope } from './templates.js';

/** The user `become` names (undefined: the inherited one, from `scope.become`). */
export function compileBecome(c: Compiler, source: string | undefined, path: YamlPath, scope: Scope): string | undefined {
  if (source === undefined) return scope.become;
  // Parameters only: who runs a command is known, and checked, before the run starts.
  const rendered = template(c, source, 'text', path, { ...scope, steps: NO_STEPS, run: false, where: c.t('where.become', { where: scope.where }) });
  const user = rendered.text.trim();
  // The item of a list read from a step output is known only when the run reaches the loop: too late.
  if (c.pass.render && scope.item?.known === false && readsItem({ source, kind: 'text' })) {
    c.error('become.item-at-run', c.t('become.itemAtRun', { where: scope.where, item: 'item' }), path, c.t('become.itemAtRunHint'));
    return user;
  }
  if (c.pass.render && !user.includes('{{') && !USER_NAME.test(user)) {
    c.error('become.user', c.t('become.user', { user: JSON.stringify(user) }), path, c.t('become.userHint'));
  }
  return user;
}
