// `validate`'s check pass: every template and name checked as a compile would, without parameter values.
// Nothing is rendered, no value-dependent problem is reported (the values are `plan`'s and `play`'s to
// check), and the plan is thrown away, so it needs no positions: a valid playbook never asks the source
// where anything is (see validate.ts's fast path).
import type { Pass } from './pass.js';
import { checkParameters } from './parameters.js';

export const checkPass: Pass = {
  params: checkParameters,
  render: undefined,
  planLocation: () => ({ line: 0, col: 0 }),
  env: () => undefined,
};
