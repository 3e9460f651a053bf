// The live view on a thread of its own: Ink, React and Yoga load and draw in a worker, off the thread that spawns
// the steps and reads their output.
//
// Why (docs/performance.md, "8 December 2026: the live view on a thread of its own"): on the run's thread the view cost ≈ 50 ms of CPU
// before the first step could start (loading Ink, React and Yoga, the first frame) and a frame now and then after,
// all on the path every byte of a step's output takes. Here this thread only folds output into a delta (the same
// few lines the view keeps: src/ui/step-output.ts) and sends it at most once a frame; events are sent as they come,
// a batch per turn of the event loop. The worker draws; what it writes comes back here and is written to the real
// stdout, so nothing else about the terminal changes: same stream, same order, same raw mode (asked for by the
// view, set here on the real stdin, whose keys are sent over), same resize events.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { holdV8Flags, startKeepingYoungGeneration, v8FlagsSet } from '../../../bin/code-cache.js';
import { Worker } from 'node:worker_threads';
import type { ConfirmReply, ConfirmRequest, Reporter, RunEvent, StepChoice, StepChoiceRequest, StepOutputHead } from '../../engine/events.js';
import type { Lang } from '../../engine/text.js';
import type { CompiledPlan } from '../../engine/plan.js';
import { createRunView, type RunView } from '../run-view.js';
import { appendOutput, appendOutputBytes, freshOutput, settleOutput, type StepOutput } from '../step-output.js';
import { frameMs, viewFps } from './frame-rate.js';
import { uiText } from '../../i18n/ui.js';
import { showOnOneLine } from '../sanitize.js';

/** What the view's thread is started with. */
export interface ViewThreadData {
  lang: Lang;
  /** The view before the first event (the header, every planned step's row). */
  view: RunView;
  /** The view's environment: RUNBOOK_MAX_FPS, COLUMNS. */
  env: NodeJS.ProcessEnv;
  columns?: number;
  rows?: number;
  stdoutTTY: boolean;
  /** stdin is a terminal that can be put in raw mode: the view asks gates. */
  inputEnabled: boolean;
  /** The V8 flags this thread set (bin/code-cache.js): in effect for the view's thread too, and part of its cache's identity. */
  v8Flags: string[];
}

/** A step's boundary or other event, or a step's output since the last delta: in the order they happened. */
type Item = { event: RunEvent } | { delta: StepOutput };

/** To the view's thread. */
export type ToView =
  | { k: 'batch'; items: Item[] }
  | { k: 'ask'; id: number; question: 'gate'; request: ConfirmRequest }
  | { k: 'ask'; id: number; question: 'step'; request: StepChoiceRequest }
  | { k: 'resize'; columns?: number; rows?: number }
  | { k: 'key'; data: Buffer }
  | { k: 'close' };

/** From the view's thread. */
export type FromView =
  | { k: 'write'; to: 'stdout' | 'stderr'; text: string }
  | { k: 'reply'; id: number; value: ConfirmReply | StepChoice | 'interrupted' }
  | { k: 'raw'; on: boolean }
  | { k: 'loaded' }
  | { k: 'closed' };

export interface ViewThreadOptions {
  lang: Lang;
  plan?: CompiledPlan;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /** The worker's module (viewWorkerFile). */
  file: URL;
}

/**
 * The view's thread's module, dist/ink-worker.js (this module is always in dist/chunks/: scripts/build.mjs checks);
 * undefined where there is none (the sources, run by the tests: the view then runs on the run's thread), where
 * RUNBOOK_VIEW_THREAD is 0, or on a machine of one core (unless RUNBOOK_VIEW_THREAD is 1).
 */
export function viewWorkerFile(env: NodeJS.ProcessEnv, cores = availableParallelism()): URL | undefined {
  if (env.RUNBOOK_VIEW_THREAD === '0') return undefined;
  // On one core the thread's start and frames would take the run's time all the same, and cost memory besides.
  if (cores < 2 && env.RUNBOOK_VIEW_THREAD !== '1') return undefined;
  const file = new URL('../ink-worker.js', import.meta.url);
  return existsSync(file) ? file : undefined;
}

const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

/**
 * What goes to the view, batched: events wait for the end of this turn of the event loop (one message for a
 * step's boundaries), a step's output for the next frame, folded into one delta (mergeOutput) meanwhile.
 */
function createOutbox(send: (message: ToView) => void, frame: number) {
  let items: Item[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let delta: StepOutput | undefined;
  let deltaTimer: NodeJS.Timeout | undefined;
  const takeDelta = (): void => {
    if (deltaTimer) clearTimeout(deltaTimer);
    deltaTimer = undefined;
    if (!delta) return;
    // As lines: bytes kept unsettled point into a buffer of this thread's.
    settleOutput(delta);
    items.push({ delta });
    delta = undefined;
  };
  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    takeDelta();
    if (items.length === 0) return;
    send({ k: 'batch', items });
    items = [];
  };
  return {
    flush,
    /** The delta a step's output is folded into: a new one for another step, sent with the next frame. */
    output(id: string): StepOutput {
      if (delta && delta.id !== id) takeDelta();
      if (!delta) {
        delta = freshOutput(id);
        deltaTimer = setTimeout(flush, frame);
        deltaTimer.unref();
      }
      return delta;
    },
    /** An event, after the output before it; one a person waits on (the end, an interrupt) is sent at once. */
    event(event: RunEvent): void {
      takeDelta();
      items.push({ event });
      if (event.type === 'run.finished' || event.type === 'interrupt.received') flush();
      else scheduled ??= setImmediate(flush);
    },
  };
}

/** The real stdin in raw mode while the view asks for it (Ink does so for a prompt), its keys sent over. */
function createKeyboard(stdin: NodeJS.ReadStream, send: (message: ToView) => void) {
  const onKey = (chunk: Buffer | string): void => send({ k: 'key', data: typeof chunk === 'string' ? Buffer.from(chunk) : chunk });
  let raw = false;
  return (on: boolean): void => {
    if (on === raw) return;
    raw = on;
    // What Ink does with the stdin it is given.
    if (on) {
      stdin.ref();
      stdin.setRawMode(true);
      stdin.on('data', onKey);
      // Paused when the last prompt ended: a listener alone does not start it again.
      stdin.resume();
    } else {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
      stdin.unref();
    }
  };
}

/** What the view is asked: a gate (confirm) or, with `play --step`, what to do with the next step. */
type Question = 'gate' | 'step';

/**
 * Gates and `play --step` questions asked in the view, each waiting for its answer. Once the view is gone (giveUp) a
 * reporter still never breaks a run: a gate is declined (the run stops there, safely), a `--step` question interrupted.
 */
function createQuestions(send: (message: ToView) => void) {
  const waiting = new Map<number, { question: Question; resolve: (value: never) => void }>();
  let asked = 0;
  let gone = false;
  const unanswered = (question: Question): ConfirmReply | 'interrupted' => (question === 'gate' ? false : 'interrupted');
  return {
    ask<T>(question: Question, request: ConfirmRequest | StepChoiceRequest): Promise<T> {
      if (gone) return Promise.resolve(unanswered(question) as T);
      return new Promise<T>((resolve) => {
        waiting.set(++asked, { question, resolve: resolve as (value: never) => void });
        send({ k: 'ask', id: asked, question, request } as ToView);
      });
    },
    answer(id: number, value: ConfirmReply | StepChoice | 'interrupted'): void {
      waiting.get(id)?.resolve(value as never);
      waiting.delete(id);
    },
    giveUp(): void {
      gone = true;
      for (const { question, resolve } of waiting.values()) resolve(unanswered(question) as never);
      waiting.clear();
    },
  };
}

/** What the view's thread is started with, from the run's streams. */
function threadData(options: ViewThreadOptions, inputEnabled: boolean): ViewThreadData {
  const { stdout } = options;
  const env = Object.fromEntries(['RUNBOOK_MAX_FPS', 'COLUMNS'].flatMap((name) => (options.env[name] === undefined ? [] : [[name, options.env[name]]])));
  return {
    lang: options.lang,
    // The view made here, not the plan: a run of 5,000 steps sent its plan (megabytes) to be made rows of and dropped.
    view: createRunView(options.plan, options.lang),
    env,
    ...(stdout.columns ? { columns: stdout.columns } : {}),
    ...(stdout.rows ? { rows: stdout.rows } : {}),
    stdoutTTY: stdout.isTTY === true,
    inputEnabled,
    v8Flags: v8FlagsSet(),
  };
}

/**
 * Writes what the view wrote. The view hides the cursor while it draws (Ink): it is shown again when the process ends,
 * however it ends, as Ink does (restore-cursor) on the thread it runs on.
 */
function createWriter(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): (to: 'stdout' | 'stderr', text: string) => void {
  let cursorHidden = false;
  process.once('exit', () => {
    if (cursorHidden) stderr.write(SHOW_CURSOR);
  });
  return (to, text) => {
    if (to === 'stdout' && text.includes(HIDE_CURSOR)) cursorHidden = true;
    (to === 'stdout' ? stdout : stderr).write(text);
  };
}

/** The terminal's size as it changes, sent over. Returns the way to stop. */
function relayResizes(stdout: NodeJS.WriteStream, send: (message: ToView) => void): () => void {
  const onResize = (): void => send({ k: 'resize', ...(stdout.columns ? { columns: stdout.columns } : {}), ...(stdout.rows ? { rows: stdout.rows } : {}) });
  stdout.on('resize', onResize);
  return () => stdout.off('resize', onResize);
}

/**
 * The view's thread. It writes through messages; what its own `process.stderr` gets (nothing, unless a library writes
 * there; its stdout is sent there too: src/ui/ink/view-thread-start.ts) goes to the real stderr as Node pipes it by
 * default — reading a worker's `stdout: true` streams here would keep the process alive until the worker ends.
 */
function startWorker(options: ViewThreadOptions, inputEnabled: boolean): Worker {
  return startKeepingYoungGeneration(
    // Its own young generation held small too (the run's flag is undone while the thread starts): 1 MB semi-spaces.
    () => new Worker(options.file, { workerData: threadData(options, inputEnabled), resourceLimits: { maxYoungGenerationSizeMb: 3 } }),
  );
}

/**
 * The view never keeps the process alive by itself (a run that misses close() still ends): only while the run waits
 * on it — a question's answer (`waitOn` the promise of it), the last frames (`untilEnded`) — as a prompt's raw stdin
 * and the view's writes did on the run's thread.
 */
function holdWhileWaiting(worker: Worker) {
  worker.unref();
  let waits = 0;
  let ending = false;
  return {
    async waitOn<T>(waited: Promise<T>): Promise<T> {
      if (waits++ === 0) worker.ref();
      try {
        return await waited;
      } finally {
        if (--waits === 0 && !ending) worker.unref();
      }
    },
    untilEnded(): void {
      ending = true;
      worker.ref();
    },
  };
}

/**
 * A reporter whose view runs in a worker. Events, output and questions are sent over; nothing here waits for the
 * worker but `close` (every frame written) and the questions.
 */
export function startViewThread(options: ViewThreadOptions): Reporter {
  const { stdout, stderr, stdin } = options;
  const inputEnabled = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  const worker = startWorker(options, inputEnabled);
  // The flags the run would set meanwhile wait until the view's libraries are compiled (bin/code-cache.js).
  const releaseFlags = holdV8Flags();
  const send = (message: ToView): void => worker.postMessage(message);
  const outbox = createOutbox(send, frameMs(viewFps(options.env)));
  const setRaw = inputEnabled ? createKeyboard(stdin, send) : () => undefined;
  const questions = createQuestions((message) => {
    outbox.flush();
    send(message);
  });
  const write = createWriter(stdout, stderr);
  // 'closed': the view has written its last frame and ends; 'failed': it stopped before (gone).
  let state: 'open' | 'closed' | 'failed' = 'open';
  let closed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  const gone = (reason: string): void => {
    if (state !== 'open') return;
    state = 'failed';
    releaseFlags();
    setRaw(false);
    questions.giveUp();
    stderr.write(`${uiText(options.lang)('view.threadStopped', { reason: showOnOneLine(reason) })}\n`);
    closed();
  };
  worker.on('message', (message: FromView) => {
    if (message.k === 'write') write(message.to, message.text);
    else if (message.k === 'reply') {
      questions.answer(message.id, message.value);
    } else if (message.k === 'raw') setRaw(message.on);
    else if (message.k === 'loaded') releaseFlags();
    else if (state === 'open') {
      state = 'closed';
      // The thread ends by itself once closed; should anything keep it, the process does not wait for ever.
      setTimeout(() => void worker.terminate(), 1000).unref();
      closed();
    }
  });
  // After the 'message' listener, which refs the worker again.
  const hold = holdWhileWaiting(worker);
  worker.on('error', (error) => gone(error instanceof Error ? error.message : String(error)));
  // Ending before it was closed, however (a thread that ends never answers): the view is gone.
  worker.on('exit', (code) => gone(`exit ${code}`));
  const stopResizes = relayResizes(stdout, send);

  const reporter: Reporter = {
    onEvent(event) {
      if (state !== 'open') return;
      if (event.type === 'step.output') appendOutput(outbox.output(event.id), event.text);
      else outbox.event(event);
    },
    onOutputBytes(event: StepOutputHead, bytes: Buffer) {
      if (state === 'open') appendOutputBytes(outbox.output(event.id), bytes);
    },
    async close() {
      stopResizes();
      if (state === 'open') {
        outbox.flush();
        send({ k: 'close' });
        // Until the thread has ended, not only written: it may write the view's code cache as it ends.
        hold.untilEnded();
        await whenClosed;
      }
      setRaw(false);
      releaseFlags();
    },
  };
  if (inputEnabled) {
    reporter.confirm = (request: ConfirmRequest) => hold.waitOn(questions.ask<ConfirmReply>('gate', request));
    reporter.chooseStep = (request: StepChoiceRequest) => hold.waitOn(questions.ask<StepChoice | 'interrupted'>('step', request));
  }
  return reporter;
}
