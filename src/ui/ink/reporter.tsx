// The live Ink reporter for interactive terminals: folds events into a view, renders it throttled, asks gates.
// A frame costs the same at any point of a run: only the live region is laid out, and the width never spawns a process.
import { render, type Instance } from 'ink';
import type { ConfirmReply, ConfirmRequest, Reporter, RunEvent } from '../../engine/events.js';
import type { Lang } from '../../engine/text.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { judgeAnswer } from '../gate.js';
import { activeRows, applyEvent, createRunView, takeDone, type RunView } from '../run-view.js';
import { App } from './App.js';

/** The terminal's width from the stream, else `COLUMNS`, else 80: never by spawning a process. */
export function terminalColumns(stdout: { columns?: number }, env: NodeJS.ProcessEnv = {}): number {
  const fromEnv = Number(env.COLUMNS);
  const columns = stdout.columns || (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80);
  return Math.max(20, columns);
}

/**
 * The stream as Ink sees it. Ink reads `columns` on every frame and, when the stream has none (a pipe, a
 * file), spawns `tput` twice to find one: here it always has one.
 */
function withColumns(stdout: NodeJS.WriteStream, columns: () => number): NodeJS.WriteStream {
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'columns') return columns();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface InkReporterOptions {
  lang: Lang;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env?: NodeJS.ProcessEnv;
  plan?: CompiledPlan;
  now?: () => number;
  /** Renders per second at most (default 10; RUNBOOK_MAX_FPS overrides). Output events are coalesced. */
  maxFps?: number;
  /** Ink debug mode: every render written in full, no cursor movement (tests). */
  debug?: boolean;
  /** Also called on Ctrl-C while a prompt holds the keyboard in raw mode (the prompt answers `'interrupted'`). */
  onInterruptKey?: () => void;
}

export interface InkReporter extends Reporter {
  /** The current view (for tests). */
  readonly view: RunView;
  close(): Promise<void>;
}

export function createInkReporter(options: InkReporterOptions): InkReporter {
  const { lang, stdout, stdin } = options;
  const now = options.now ?? Date.now;
  const envFps = Number(options.env?.RUNBOOK_MAX_FPS);
  const maxFps = options.maxFps ?? (Number.isFinite(envFps) && envFps > 0 ? envFps : 10);
  const frameMs = Math.max(1, Math.round(1000 / maxFps));
  // Raw mode needs a TTY stdin with setRawMode; without it the view still runs, but gates are not asked here.
  const inputEnabled = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  const view = createRunView(options.plan, lang);
  const gate = createGate(view, () => flush());
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let lastRender = 0;
  let closed = false;

  const onInterrupt = options.onInterruptKey ?? (() => undefined);
  const columns = (): number => terminalColumns(stdout, options.env);
  // Each render hands the items finished since the last one to a fresh <Static>, which prints them once:
  // nothing printed stays in memory, and no frame costs more for a run of 5,000 steps than for 5.
  let batch = 0;
  const element = () => {
    const items = takeDone(view);
    if (items.length > 0) batch++;
    return (
      <App
        view={view}
        feed={{ batch, items }}
        lang={lang}
        now={now()}
        columns={columns()}
        rows={stdout.rows || undefined}
        inputEnabled={inputEnabled}
        onAnswer={(typed) => gate.answer(typed)}
        onInterrupt={() => {
          gate.answer({ interrupted: true });
          onInterrupt();
        }}
      />
    );
  };

  const instance: Instance = render(element(), {
    stdout: withColumns(stdout, columns),
    stdin,
    stderr: options.stderr,
    exitOnCtrlC: false,
    debug: options.debug ?? false,
    patchConsole: false,
    maxFps: Math.max(maxFps, 20),
  });

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (closed) return;
    lastRender = Date.now();
    instance.rerender(element());
    updateTicker();
  };
  /** At most one render per frame: events between two frames are coalesced into the next render. */
  const schedule = (): void => {
    if (timer || closed) return;
    const wait = Math.max(0, lastRender + frameMs - Date.now());
    timer = setTimeout(flush, wait);
    timer.unref?.();
  };
  /** While something runs, spinner and elapsed time move even without events. */
  const updateTicker = (): void => {
    const busy = !view.finished && (activeRows(view).length > 0 || view.confirm !== undefined);
    if (busy && !ticker) {
      ticker = setInterval(schedule, frameMs);
      ticker.unref?.();
    } else if (!busy && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  const onResize = (): void => flush();
  stdout.on('resize', onResize);

  const reporter: InkReporter = {
    get view() {
      return view;
    },
    onEvent(event: RunEvent) {
      try {
        applyEvent(view, event, lang);
      } catch {
        return; // a reporter never breaks a run
      }
      if (event.type === 'step.output') schedule();
      else if (event.type === 'run.finished' || event.type === 'interrupt.received') flush();
      else schedule();
    },
    async close() {
      if (closed) return;
      flush();
      closed = true;
      if (ticker) clearInterval(ticker);
      stdout.off('resize', onResize);
      gate.answer('');
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
  if (inputEnabled) reporter.confirm = gate.confirm;
  return reporter;
}

/** A gate asked in the view: the prompt's answers until one decides (a wrong word shows the expected one and asks again). */
function createGate(view: RunView, redraw: () => void) {
  let pending: { request: ConfirmRequest; resolve: (reply: ConfirmReply) => void } | undefined;
  const answer = (typed: string | false | { interrupted: true }): void => {
    if (!pending) return;
    const { request, resolve } = pending;
    const verdict = typeof typed === 'string' ? judgeAnswer(typed, request) : typed === false ? 'declined' : 'interrupted';
    if (verdict === 'again' && view.confirm) {
      view.confirm = { ...view.confirm, wrong: typed as string };
      redraw();
      return;
    }
    pending = undefined;
    view.confirm = undefined;
    redraw();
    resolve(verdict === 'interrupted' ? 'interrupted' : verdict === 'accepted');
  };
  const confirm = (request: ConfirmRequest): Promise<ConfirmReply> =>
    new Promise<ConfirmReply>((resolve) => {
      pending = { request, resolve };
      view.confirm = { stepId: request.stepId, message: request.message, typeWord: request.typeWord, risk: request.risk };
      redraw();
    });
  return { answer, confirm };
}
