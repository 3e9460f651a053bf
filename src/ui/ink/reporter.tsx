// The live Ink reporter for interactive terminals: folds events into a view, renders it throttled, asks gates.
// A frame costs the same at any point of a run: only the live region is laid out, and the width never spawns a process.
import { render, type Instance } from 'ink';
import type { ConfirmReply, ConfirmRequest, Reporter, RunEvent, StepChoice, StepChoiceRequest } from '../../engine/events.js';
import type { Lang } from '../../engine/text.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { judgeAnswer } from '../gate.js';
import { parseStepAnswer, stepQuestion } from '../step-answer.js';
import { activeRows, applyEvent, applyOutputBytes, applyOutputDelta, createRunView, takeDone, type RunView } from '../run-view.js';
import type { StepOutput } from '../step-output.js';
import { App } from './App.js';
import { frameMs, viewFps } from './frame-rate.js';

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
  /** The view made already (createRunView), instead of one made of `plan`: the view's thread is sent it. */
  view?: RunView;
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
  /** A step's output since the last delta, as the view's thread is sent it (src/ui/ink/view-thread.ts). */
  onOutputDelta(delta: StepOutput): void;
  close(): Promise<void>;
}

export function createInkReporter(options: InkReporterOptions): InkReporter {
  const { lang, stdout, stdin } = options;
  const now = options.now ?? Date.now;
  const maxFps = viewFps(options.env, options.maxFps);
  // Raw mode needs a TTY stdin with setRawMode; without it the view still runs, but gates are not asked here.
  const inputEnabled = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  const view = options.view ?? createRunView(options.plan, lang);
  const gate = createGate(view, () => frames.flush(), lang);
  const onInterrupt = options.onInterruptKey ?? (() => undefined);
  // Closures take what they read, never `options`: it holds the plan (for a run of 5,000 steps, megabytes that
  // the view has already turned into its rows).
  const env = options.env;
  const columns = (): number => terminalColumns(stdout, env);
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
  const frames = createFrames(frameMs(maxFps), () => instance.rerender(element()), () => !view.finished && (activeRows(view).length > 0 || view.confirm !== undefined));
  const onResize = (): void => frames.flush();
  stdout.on('resize', onResize);

  const reporter: InkReporter = {
    get view() {
      return view;
    },
    onEvent: (event: RunEvent) => fold(frames, () => applyEvent(view, event, lang), event.type === 'run.finished' || event.type === 'interrupt.received'),
    onOutputBytes: (event, bytes) => fold(frames, () => applyOutputBytes(view, event, bytes), false),
    onOutputDelta: (delta) => fold(frames, () => applyOutputDelta(view, delta), false),
    async close() {
      if (frames.stopped) return;
      frames.stop();
      stdout.off('resize', onResize);
      gate.answer('');
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
  if (inputEnabled) {
    reporter.confirm = gate.confirm;
    reporter.chooseStep = gate.chooseStep;
  }
  return reporter;
}

/** Folds an event into the view (a reporter never breaks a run) and draws it with the next frame, or `now`. */
function fold(frames: { flush(): void; schedule(): void }, apply: () => void, now: boolean): void {
  try {
    apply();
  } catch {
    return;
  }
  if (now) frames.flush();
  else frames.schedule();
}

/**
 * Renders at most once per frame — events between two frames are coalesced into the next render — and,
 * while something runs (`busy`), on a timer too, so that spinners and elapsed times move without events.
 */
function createFrames(frameMs: number, render: () => void, busy: () => boolean) {
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  // The first frame was drawn by Ink's render() just before: the next one waits its turn like any other.
  let lastRender = Date.now();
  // Something to show since the last render (an event, a tick).
  let dirty = false;
  let stopped = false;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    lastRender = Date.now();
    dirty = false;
    render();
    const running = busy();
    if (running && !ticker) {
      ticker = setInterval(schedule, frameMs);
      ticker.unref?.();
    } else if (!running && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  const schedule = (): void => {
    dirty = true;
    if (timer || stopped) return;
    timer = setTimeout(flush, Math.max(0, lastRender + frameMs - Date.now()));
    timer.unref?.();
  };
  return {
    flush,
    schedule,
    get stopped() {
      return stopped;
    },
    /** A last render when the screen is behind (an event since the last one, or a spinner or clock shown), then none. */
    stop(): void {
      if (dirty || busy()) flush();
      stopped = true;
      if (ticker) clearInterval(ticker);
    },
  };
}

/** A gate asked in the view: the prompt's answers until one decides (a wrong word shows the expected one and asks again). */
function createGate(view: RunView, redraw: () => void, lang: Lang) {
  let pending: { request: ConfirmRequest; resolve: (reply: ConfirmReply) => void } | undefined;
  // `play --step`: the question before a step, answered y/n/c/q (anything else asks again).
  let choosing: ((choice: StepChoice | 'interrupted') => void) | undefined;
  const choose = (typed: string | false | { interrupted: true }): void => {
    const choice = typeof typed === 'object' ? 'interrupted' : typed === false ? undefined : parseStepAnswer(typed);
    if (choice === undefined && view.confirm) {
      view.confirm = { ...view.confirm, wrong: typed === false ? '' : (typed as string) };
      redraw();
      return;
    }
    const resolve = choosing!;
    choosing = undefined;
    view.confirm = undefined;
    redraw();
    resolve(choice!);
  };
  const chooseStep = (request: StepChoiceRequest): Promise<StepChoice | 'interrupted'> =>
    new Promise((resolve) => {
      choosing = resolve;
      const { question, command, choices, again } = stepQuestion(request, lang);
      view.confirm = { stepId: request.stepId, message: question, risk: 'low', step: { ...(command !== undefined ? { command } : {}), choices, again } };
      redraw();
    });
  const answer = (typed: string | false | { interrupted: true }): void => {
    if (choosing) return choose(typed);
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
  return { answer, confirm, chooseStep };
}
