// What a compile is for. The compile pass makes the plan that `plan` shows and `play` runs: parameter
// values resolved, every template rendered, positions kept. `validate`'s check pass is the other (check.ts).
import type { YamlPath } from '../loaded.js';
import type { PlanLocation, PlanParam } from '../plan.js';
import type { compileTemplate } from '../template-render.js';
import type { Compiler } from './compiler.js';
import { resolveParameters } from './parameters.js';

export interface Pass {
  /** The parameters: values resolved and their problems reported, or only their declarations checked. */
  params(c: Compiler): PlanParam[];
  /** Renders a template whose names checked out; undefined: templates are checked, never rendered. */
  readonly render: typeof compileTemplate | undefined;
  /** Where a step or probe stands, for the plan. */
  planLocation(c: Compiler, path: YamlPath): PlanLocation;
  /** The environment `env: {from_env}` reads; undefined when values are not known, so none is missing. */
  env(c: Compiler): NodeJS.ProcessEnv | undefined;
}

/** The plan to run: the renderer (template-render.ts) is loaded by the caller, only for this pass. */
export function compilePass(render: typeof compileTemplate): Pass {
  return {
    params: resolveParameters,
    render,
    planLocation: (c, path) => {
      const loc = c.location(path);
      return { line: loc.line, col: loc.col };
    },
    env: (c) => c.options.env ?? process.env,
  };
}
