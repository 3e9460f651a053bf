// Picks the reporter for a run (NDJSON, quiet, live Ink view or plain lines) from flags and the terminal.
//
// Contract with the `play`/`resume` commands (ENGINE):
//
//   const reporter = await createReporter({
//     output: 'auto',            // 'auto' | 'json' | 'plain' | 'ink'   (--output; default 'auto')
//     quiet: false,              // --quiet: only the final summary and errors
//     lang: ctx.lang,            // interface language (playbook texts are shown as written)
//     stdout: ctx.stdout, stderr: ctx.stderr, stdin: ctx.stdin,
//     env: ctx.env,              // reads CI, NO_COLOR and RUNBOOK_MAX_FPS (chalk also reads FORCE_COLOR)
//     plan,                      // optional CompiledPlan: lets the header and step list show up front
//   });
//   await runPlan(plan, { reporter, ... });   // engine calls reporter.onEvent / confirm / close
//
// Selection, first match wins:
//   output 'json'                       → NDJSON on stdout, one object per event (docs/output.md)
//   quiet                               → plain renderer printing only errors and the summary
//   output 'ink', or 'auto' with stdout and stdin TTYs and CI unset → Ink view (ink/react loaded lazily);
//                                        without WebAssembly (`node --jitless`) 'auto' is plain, 'ink' an error
//   otherwise ('plain', pipes, CI)      → plain lines, no spinners, no cursor movement
// `reporter.confirm` exists only when a human can answer: Ink with a raw-mode capable stdin, or plain
// mode with a TTY stdin outside CI (asked on stderr). Without it the engine stops at a gate unless
// `--yes` was given. The engine calls `reporter.close()` after run.finished (Ink unmounts there, leaving
// the summary on screen). Output formats are documented in docs/output.md.
import type { Reporter } from '../engine/events.js';
import type { CompiledPlan } from '../engine/plan.js';
import type { Lang } from '../i18n/index.js';
import { UserError } from '../engine/errors.js';
import { uiText } from '../i18n/ui.js';
import { withBoundariesLater } from './boundaries-later.js';
import { hasWebAssembly } from './has-wasm.js';
import { withBaselineWasm } from './ink/baseline-wasm.js';

export type OutputMode = 'auto' | 'json' | 'plain' | 'ink';
export type ReporterKind = 'json' | 'quiet' | 'ink' | 'plain';

export interface ReporterOptions {
  /** `--output`; 'auto' (the default) chooses Ink on an interactive terminal, plain lines otherwise. */
  output?: OutputMode;
  /** `--quiet`: only errors and the final summary (ignored with `--output json`). */
  quiet?: boolean;
  lang: Lang;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /** The plan being run: the header and the full step list are shown before the first event. */
  plan?: CompiledPlan;
  /** Milliseconds clock; injected by tests so frames and lines do not depend on timing. */
  now?: () => number;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Which reporter the options select (exported for tests and for `--output` validation messages). */
export function chooseReporterKind(options: ReporterOptions): ReporterKind {
  const output = options.output ?? 'auto';
  if (output === 'json') return 'json';
  if (options.quiet) return 'quiet';
  if (output === 'ink') return 'ink';
  if (output === 'plain') return 'plain';
  const interactive = options.stdout.isTTY === true && options.stdin.isTTY === true && !isTrue(options.env.CI);
  // The view's layout engine is WebAssembly: a Node without it (`--jitless`) gets plain lines on a terminal too.
  return interactive && hasWebAssembly() ? 'ink' : 'plain';
}

/** Creates the reporter for a run. Async because the Ink view (ink + react) is imported only when chosen. */
export async function createReporter(options: ReporterOptions): Promise<Reporter> {
  const kind = chooseReporterKind(options);
  switch (kind) {
    case 'json': {
      const { createJsonReporter } = await import('./json.js');
      return withBoundariesLater(createJsonReporter(options));
    }
    case 'quiet':
    case 'plain': {
      const { createPlainReporter } = await import('./plain.js');
      return withBoundariesLater(createPlainReporter({ ...options, quiet: kind === 'quiet' }));
    }
    case 'ink': {
      if (!hasWebAssembly()) {
        const t = uiText(options.lang);
        throw new UserError(t('view.noWasm'), { hint: t('view.noWasmHint') });
      }
      // chalk (Ink's colours) ignores NO_COLOR (no-color.org) and decides when first imported: tell it now.
      if (options.env.NO_COLOR && options.env.FORCE_COLOR === undefined && process.env.FORCE_COLOR === undefined) {
        process.env.FORCE_COLOR = '0';
      }
      const { displayEvent, displayPlan, displayRequest, displayStepRequest } = await import('./display.js');
      // The view is given what a person may see: secrets masked in the plan, control characters shown.
      const plan = options.plan ? displayPlan(options.plan) : undefined;
      // On the process's own terminal the view draws on a thread of its own (src/ui/ink/view-thread.ts).
      const thread = options.stdout === process.stdout && options.stdin === process.stdin ? await import('./ink/view-thread.js') : undefined;
      const file = thread?.viewWorkerFile(options.env);
      let ink: Reporter;
      if (thread && file) {
        ink = thread.startViewThread({ lang: options.lang, stdout: options.stdout, stderr: options.stderr, stdin: options.stdin, env: options.env, file, ...(plan ? { plan } : {}) });
      } else {
        // Yoga's WebAssembly stays on the baseline tier: its optimising recompile costs ~6 MB for the rest of a run.
        const { createInkReporter } = await withBaselineWasm(() => import('./ink/reporter.js'));
        ink = createInkReporter({ ...options, ...(plan ? { plan } : {}) });
      }
      const onEvent = ink.onEvent.bind(ink);
      ink.onEvent = (event) => onEvent(displayEvent(event));
      const confirm = ink.confirm?.bind(ink);
      if (confirm) ink.confirm = (request) => confirm(displayRequest(request));
      const chooseStep = ink.chooseStep?.bind(ink);
      if (chooseStep) ink.chooseStep = (request) => chooseStep(displayStepRequest(request));
      return ink;
    }
  }
}
