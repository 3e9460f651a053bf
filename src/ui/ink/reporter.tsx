// The live Ink reporter for interactive terminals: folds events into a view, renders it throttled, asks gates.
import { render, type Instance } from 'ink';
import type { ConfirmReply, ConfirmRequest, Reporter, RunEvent } from '../../engine/events.js';
import type { Lang } from '../../engine/text.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { isAccepted } from '../gate.js';
import { activeRows, applyEvent, createRunView, type RunView } from '../run-view.js';
import { App } from './App.js';

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
  let answer: ((typed: string | { interrupted: true }) => void) | undefined;
  let pendingRequest: ConfirmRequest | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let lastRender = 0;
  let closed = false;

  const onInterrupt = options.onInterruptKey ?? (() => undefined);
  const element = () => (
    <App
      view={{ ...view, done: view.done.slice(), rows: view.rows.map((r) => ({ ...r })), tail: { ...view.tail, lines: view.tail.lines.slice() } }}
      lang={lang}
      now={now()}
      columns={Math.max(20, stdout.columns || 80)}
      rows={stdout.rows || undefined}
      inputEnabled={inputEnabled}
      onAnswer={(typed) => answer?.(typed)}
      onInterrupt={() => {
        answer?.({ interrupted: true });
        onInterrupt();
      }}
    />
  );

  const instance: Instance = render(element(), {
    stdout,
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
      answer?.('');
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
  if (inputEnabled) {
    reporter.confirm = (request: ConfirmRequest) =>
      new Promise<ConfirmReply>((resolve) => {
        pendingRequest = request;
        view.confirm = { stepId: request.stepId, message: request.message, typeWord: request.typeWord, risk: request.risk };
        answer = (typed) => {
          answer = undefined;
          if (pendingRequest !== request) return;
          pendingRequest = undefined;
          view.confirm = undefined;
          flush();
          resolve(typeof typed === 'string' ? isAccepted(typed, request) : 'interrupted');
        };
        flush();
      });
  }
  return reporter;
}
