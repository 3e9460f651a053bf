// Matching a parameter against its pattern with a time limit: a pattern with catastrophic
// backtracking (e.g. `(a+)+$`) must not let an operator's value hang `plan` or `play`.
import { createRequire } from 'node:module';
import type { Context, Script } from 'node:vm';

// node:vm is loaded on the first match only: `validate` never matches values and should not pay for it.
const requireBuiltin = createRequire(import.meta.url);

let context: Context | undefined;
let script: Script | undefined;

/** `re.test(value)`, or 'timeout' when it runs longer than `ms` (V8 interrupts the match). */
export function testWithin(re: RegExp, value: string, ms = 250): boolean | 'timeout' {
  if (!context || !script) {
    const vm = requireBuiltin('node:vm') as typeof import('node:vm');
    context = vm.createContext({});
    script = new vm.Script('re.test(value)');
  }
  context.re = re;
  context.value = value;
  try {
    return script.runInContext(context, { timeout: ms }) === true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw error;
  } finally {
    context.re = undefined;
    context.value = undefined;
  }
}
