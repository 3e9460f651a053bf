// Loads and compiles one playbook file for `plan`, `play` and `resume`: the same path, so what a reviewer saw is what runs.
import { compilePlaybook, type CompileOptions } from '../engine/compile.js';
import { loadPlaybookFile } from '../engine/load.js';
import type { CompiledPlan } from '../engine/plan.js';
import type { Lang } from '../i18n/index.js';

export async function compilePlaybookFile(file: string, options: Pick<CompileOptions, 'params' | 'env' | 'sandbox' | 'host'> & { lang: Lang }): Promise<CompiledPlan> {
  return compilePlaybook(await loadPlaybookFile(file, { lang: options.lang }), options);
}
