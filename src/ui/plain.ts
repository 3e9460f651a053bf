// Plain-line reporter for CI logs, pipes and `--quiet`: one line per change, no spinner, no cursor movement.
//
// Why plain lines and not listr2's simple/verbose renderer: listr2 drives a task tree it owns
// (tasks are functions it runs), while our engine already runs the steps and emits events; mapping
// events back into listr2 tasks would add a second state machine and still not print the step
// output, probe results and rollback lines we need. Plain lines stay greppable and stable for
// golden tests, and cost one `write` per event.
import { answerText, askStepOnTerminal } from './step-answer.js';
import type { EventOf, Reporter, RunEvent, StepOutputHead } from '../engine/events.js';
import { hookSteps, type CompiledPlan } from '../engine/plan.js';
import { pickText, type Lang } from '../engine/text.js';
import { formatCounts, formatGateAnswer, uiText, type UiKey } from '../i18n/ui.js';
import { hostStatusKey } from '../i18n/host-status.js';
import { labelled, parenthetical } from '../i18n/words.js';
import { formatDuration, formatParam, nextCommands, statusIcons, type RowStatus } from './format.js';
import { collectSecrets } from '../engine/compile.js';
import { maskText, secretForms } from '../engine/redact.js';
import { displayEvent, displayRequest, displayStepRequest } from './display.js';
import { askOnTerminal } from './gate.js';
import { createOutcome, formatHeadline, noteOutcome, type Outcome } from './headline.js';
import { whenDrained } from './drain.js';
import { sanitizeLine, showOnOneLine } from './sanitize.js';
import { writeOut, type Out } from './write-out.js';
import { OutputLines } from './plain-output.js';
import { isGate } from '../steps/index.js';

export interface PlainReporterOptions {
  lang: Lang;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** When a TTY (and CI is unset), `confirm` asks on stderr and reads the answer from it. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  plan?: CompiledPlan;
  /** Only errors (on stderr) and the final summary (on stdout). */
  quiet?: boolean;
  /** A step silent this long gets a `still running` line, so a CI log shows it is alive (default 60 s; 0: never). */
  heartbeatMs?: number;
}

export function createPlainReporter(options: PlainReporterOptions): Reporter {
  const lines = new PlainLines(options);
  const reporter: Reporter = {
    onEvent(event) {
      try {
        const shown = displayEvent(event);
        noteOutcome(lines.outcome, shown);
        lines.handle(shown);
      } catch {
        // A reporter must never break a run; a malformed event is dropped.
      }
    },
    onOutputBytes(event, bytes) {
      try {
        lines.outputBytes(event, bytes);
      } catch {
        // As onEvent: a malformed event is dropped.
      }
    },
    close() {
      lines.stopHeartbeat();
    },
    congested: () => lines.congested(),
  };
  const stdin = options.stdin;
  const ci = options.env?.CI;
  if (stdin?.isTTY === true && (ci === undefined || ci === '' || ci === '0' || ci === 'false')) {
    reporter.confirm = (request) => askOnTerminal(displayRequest(request), stdin, options.stderr, options.lang);
  }
  // `play --step` was asked for by the person at the terminal: asked whenever stdin is one, CI or not.
  if (stdin?.isTTY === true) reporter.chooseStep = (request) => askStepOnTerminal(displayStepRequest(request), stdin, options.stderr, options.lang);
  return reporter;
}

/** What the plain reporter knows of the run so far, and the lines it writes for each event. */
class PlainLines {
  private readonly t: ReturnType<typeof uiText>;
  private readonly quiet: boolean;
  private readonly names = new Map<string, string>();
  /** `[2/4] ` before a step's label, indented under the including step for included playbooks. */
  private readonly positions = new Map<string, string>();
  private readonly depths = new Map<string, number>();
  private wouldRun = 0;
  private unknown = 0;
  /** What the summary's headline tells: rolled back, no rollback, still going on outside (the live view says the same). */
  readonly outcome: Outcome;
  private readonly output: OutputLines;
  private readonly probeStarts = new Map<string, number>();
  private readonly rollbackStarts = new Map<string, number>();
  /** A reader that went away (`| head`): writing stops rather than the run crashing half-way (no rollback). */
  private broken = false;
  // Heartbeat: the step or rollback under way, and when the log last moved.
  private readonly heartbeatMs: number;
  private running: { what: string; since: number } | undefined;
  private lastWrite = Date.now();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: PlainReporterOptions) {
    this.t = uiText(options.lang);
    this.quiet = options.quiet ?? false;
    this.output = new OutputLines({
      stdout: options.stdout,
      out: (text) => this.out(text),
      writable: () => !this.broken,
      wrote: () => {
        this.lastWrite = Date.now();
      },
    });
    this.heartbeatMs = options.heartbeatMs ?? 60_000;
    this.outcome = createOutcome(options.plan);
    // Names known up front (a resumed run's skipped steps have no step.started): secrets masked, controls shown.
    const forms = options.plan ? secretForms(collectSecrets(options.plan)) : [];
    for (const step of [...(options.plan?.steps ?? []), ...(options.plan?.finally ?? []), ...(options.plan ? hookSteps(options.plan) : [])]) {
      this.names.set(step.id, showOnOneLine(maskText(pickText(step.name, options.lang) ?? step.id, forms)));
    }
    options.stdout.on?.('error', () => {
      this.broken = true;
    });
  }

  /** Backpressure: while more than MAX_PENDING_BYTES wait for the reader of stdout, the engine stops reading step output. */
  congested(): Promise<void> | undefined {
    return this.broken || this.quiet ? undefined : whenDrained(this.options.stdout);
  }

  handle(input: RunEvent): void {
    // A target host's step is `<id>@<host>` in every line (its output, position and outcome apart from the other hosts').
    const event = input.host !== undefined && 'id' in input ? ({ ...input, id: hostStepId(input.id, input.host) } as RunEvent) : input;
    switch (event.type) {
      case 'run.started':
        return this.runStarted(event);
      case 'phase.started':
        return this.out(`── ${this.t(`phase.${event.phase}`)}\n`);
      case 'phase.finished':
        return;
      case 'probe.started':
        this.probeStarts.set(`${event.phase}:${event.index}`, Date.parse(event.time));
        return this.startRunning(sanitizeLine(event.name));
      case 'probe.finished':
        return this.probeFinished(event);
      case 'step.started':
        return this.stepStarted(event);
      case 'step.skipped':
        return this.out(this.row(event.status, this.stepLabel(event.id), [sanitizeLine(event.reason)]));
      case 'step.would_run':
        return this.wouldRunLine(event);
      case 'step.expanded':
        return this.out(this.progress('≡', this.stepLabel(event.id), [this.t('step.expanded', { count: event.iterations.length })]));
      case 'step.retrying':
        return this.out(this.progress('↻', this.stepLabel(event.id), [this.t('step.retryIn', { attempt: event.attempt, of: event.of, delay: formatDuration(event.delayMs) }), sanitizeLine(event.reason)]));
      case 'step.output':
        if (!this.quiet) this.output.text(event.id, event.text);
        return;
      case 'step.verifying':
        return this.out(this.progress('…', this.stepLabel(event.id), [this.t('step.verify', { attempt: event.attempt, of: event.of })]));
      case 'step.finished':
        return this.stepFinished(event);
      case 'confirm.requested':
        // A message over several lines (or a value templated into it with a newline) goes on indented under its
        // `?`, as the plan shows it: no line of it starts where the tool's own lines do.
        return this.out(`  ? ${this.t('confirm.requested', { message: sanitizeLine(event.message).replace(/\n/g, '\n      ') })}\n`);
      case 'confirm.answered': {
        const line = `  ? ${formatGateAnswer(this.t, this.label(event.id), event.accepted, event.by, event.interrupted)}\n`;
        return event.accepted ? this.out(line) : this.error(line);
      }
      case 'step.answered':
        return this.out(`  ? ${this.label(event.id)}: ${answerText(event.answer, this.options.lang)}\n`);
      case 'rollback.started':
        return this.rollbackStarted(event);
      case 'rollback.finished':
        return this.rollbackFinished(event);
      case 'hosts.planned':
        return this.out(`── ${this.t('hosts.planned', { pattern: sanitizeLine(event.pattern), count: event.hosts.length, batches: event.batches.length, maxFail: event.maxFail })}\n`);
      case 'batch.started':
        return this.out(`── ${this.t('hosts.batch', { batch: event.batch, of: event.of, hosts: sanitizeLine(event.hosts.join(', ')) })}\n`);
      case 'host.finished': {
        const line = `  ${event.status === 'ok' ? '✓' : '✗'} ${sanitizeLine(event.host)}  ${this.t(hostStatusKey(event))}${event.reason ? ` · ${sanitizeLine(event.reason)}` : ''}\n`;
        return event.status === 'ok' ? this.out(line) : this.error(line);
      }
      case 'interrupt.received': {
        const key = event.action === 'rollback' ? 'interrupt.rollback' : event.action === 'stop' ? 'interrupt.stop' : 'interrupt.force';
        return this.error(`!! ${this.t(key, { signal: event.signal })}\n`);
      }
      case 'run.finished':
        this.stopHeartbeat();
        this.output.flushAll();
        return this.write(this.options.stdout, this.summary(event));
    }
  }

  private runStarted(event: EventOf<'run.started'>): void {
    const { t } = this;
    const lang = this.options.lang;
    const title = pickText(event.playbook.title, lang) ?? event.playbook.name;
    const facts = [t('header.run', { id: event.runId }), t('header.risk', { risk: t(`risk.${event.playbook.risk}`) })];
    if (event.sandbox) facts.push(`${t('header.sandbox')}${parenthetical(t('header.sandboxNote'), lang)}`);
    if (event.resumedFrom) facts.push(t('header.resumed', { id: event.resumedFrom }));
    const params = event.params.length > 0 ? event.params.map(formatParam).join(' ') : t('header.noParams');
    this.out(
      `runbook · ${showOnOneLine(title)}${title === event.playbook.name ? '' : parenthetical(event.playbook.name, lang)}\n` +
        `  ${facts.join(' · ')}\n` +
        `  ${labelled(t('header.params'), lang)}${sanitizeLine(params)}\n` +
        `  ${labelled(t('header.journal'), lang)}${event.journalDir}\n`,
    );
  }

  private probeFinished(event: EventOf<'probe.finished'>): void {
    this.running = undefined;
    const started = this.probeStarts.get(`${event.phase}:${event.index}`);
    const detail = [started === undefined ? '' : formatDuration(Date.parse(event.time) - started)];
    if (event.attempts > 1) detail.push(this.t('step.attempts', { attempts: event.attempts }));
    if (event.reason) detail.push(sanitizeLine(event.reason));
    const line = this.row(event.ok ? 'ok' : 'failed', sanitizeLine(event.name), detail);
    if (event.ok) this.out(line);
    else this.error(line);
  }

  private stepStarted(event: EventOf<'step.started'>): void {
    this.names.set(event.id, event.name || event.id);
    const depth = event.parent ? (this.depths.get(event.parent) ?? 0) + 1 : 0;
    this.depths.set(event.id, depth);
    this.positions.set(event.id, `${'  '.repeat(depth)}[${event.index}/${event.total}] `);
    const command = event.command ? `  $ ${sanitizeLine(firstLine(event.command))}` : '';
    this.out(`  ▸ ${this.stepLabel(event.id)}${command}\n`);
    // A gate waits for a person, not a process: no heartbeat over the prompt.
    if (isGate(event.kind)) this.running = undefined;
    else this.startRunning(this.stepLabel(event.id));
  }

  private wouldRunLine(event: EventOf<'step.would_run'>): void {
    if (event.unknown) this.unknown++;
    else this.wouldRun++;
    if (event.name) this.names.set(event.id, event.name);
    this.out(this.row(event.unknown ? 'unknown' : 'would_run', this.label(event.id), [sanitizeLine(event.reason)]));
  }

  private stepFinished(event: EventOf<'step.finished'>): void {
    this.running = undefined;
    this.output.flush(event.id);
    const detail = [formatDuration(event.durationMs)];
    // The engine's reason usually names the exit code already.
    if (event.status === 'failed' && event.exitCode !== undefined && !event.reason) detail.push(this.t('step.exitCode', { code: event.exitCode }));
    if (event.attempts !== undefined && event.attempts > 1) detail.push(this.t('step.attempts', { attempts: event.attempts }));
    if (event.reason) detail.push(sanitizeLine(event.reason));
    if (event.continued) detail.push(this.t('step.continued'));
    const line = this.row(event.status, this.stepLabel(event.id), detail);
    if (event.status === 'ok') this.out(line);
    else this.error(line);
  }

  private rollbackStarted(event: EventOf<'rollback.started'>): void {
    this.rollbackStarts.set(event.id, Date.parse(event.time));
    if (event.name && !this.names.has(event.id)) this.names.set(event.id, event.name);
    this.out(this.row('rolling_back', this.label(event.id), []));
    this.startRunning(this.label(event.id));
  }

  private rollbackFinished(event: EventOf<'rollback.finished'>): void {
    this.running = undefined;
    this.output.flush(event.id);
    const started = this.rollbackStarts.get(event.id);
    const detail = [started === undefined ? '' : formatDuration(Date.parse(event.time) - started)];
    if (event.reason) detail.push(sanitizeLine(event.reason));
    const line = this.row(event.ok ? 'rolled_back' : event.skipped ? 'skipped' : 'rollback_failed', this.label(event.id), detail);
    if (event.ok) this.out(line);
    else this.error(line);
  }

  /** ASCII output as bytes (Reporter.onOutputBytes). */
  outputBytes(head: StepOutputHead, bytes: Buffer): void {
    if (!this.quiet) this.output.bytes(head.host !== undefined ? hostStepId(head.id, head.host) : head.id, bytes);
  }

  private summary(event: EventOf<'run.finished'>): string {
    const { t } = this;
    const icon = event.status === 'ok' ? statusIcons.ok : statusIcons.failed;
    const lines = [`${icon} ${formatHeadline(t, event, this.outcome)} · ${t('summary.duration', { duration: formatDuration(event.durationMs) })} · ${t('summary.exit', { code: event.exitCode })}`];
    lines.push(`  ${formatCounts(t, event.counts, this.wouldRun, this.unknown)}`);
    if (event.failedStep) lines.push(`  ${t('summary.failedStep', { id: this.label(event.failedStep) })}`);
    if (event.reason) lines.push(`  ${sanitizeLine(event.reason)}`);
    if (event.hook && event.hooksFailed?.length) lines.push(`  ${t('summary.hooksFailed', { hook: event.hook, steps: event.hooksFailed.map((id) => this.label(id)).join(', ') })}`);
    if (event.unrolled?.length) {
      lines.push(`  ${t(event.sandbox ? 'summary.unrolledSandbox' : 'summary.unrolled', { count: event.unrolled.length })}`);
      for (const u of event.unrolled) {
        lines.push(`    ${statusIcons.rollback_failed} ${sanitizeLine(this.label(u.id))}`);
        // The whole command, every line of it: a person runs it by hand.
        if (u.command) lines.push(...u.command.replace(/\n+$/, '').split('\n').map((line, i) => `      ${i === 0 ? '$' : ' '} ${sanitizeLine(line)}`));
      }
    }
    lines.push(`  ${t('summary.journal', { path: event.journalDir })}`);
    const next = nextCommands(event, this.options.env);
    if (next.length > 0) lines.push(`  ${t('summary.next')} ${next.join('   ')}`);
    return lines.join('\n') + '\n';
  }

  private label(id: string): string {
    const name = this.names.get(id);
    return name && name !== id ? `${id}${parenthetical(name, this.options.lang)}` : id;
  }

  /** A step's label after its position (`[2/4] `), as its lines show it. */
  private stepLabel(id: string): string {
    return `${this.positions.get(id) ?? ''}${this.label(id)}`;
  }

  private row(status: RowStatus, what: string, detail: string[]): string {
    return `  ${statusIcons[status]} ${what}  ${[this.t(`status.${status}` as UiKey), ...detail].filter(Boolean).join(' · ')}\n`;
  }

  /** A progress line (retry, verify): no status word, its own icon. */
  private progress(icon: string, what: string, detail: string[]): string {
    return `  ${icon} ${what}  ${detail.filter(Boolean).join(' · ')}\n`;
  }

  private write(stream: NodeJS.WritableStream, text: Out | readonly Out[]): void {
    if (stream === this.options.stdout && this.broken) return;
    writeOut(stream, Array.isArray(text) ? text : [text as Out]);
  }

  private out(text: Out | readonly Out[]): void {
    if (this.quiet) return;
    this.lastWrite = Date.now();
    this.write(this.options.stdout, text);
  }

  /** Errors are shown in every mode; in quiet mode they go to stderr so stdout holds only the summary. */
  private error(text: string): void {
    this.write(this.quiet ? this.options.stderr : this.options.stdout, text);
  }

  private startRunning(what: string): void {
    this.running = { what, since: Date.now() };
    this.lastWrite = Date.now();
    if (this.heartbeatMs > 0 && !this.quiet && !this.heartbeat) {
      this.heartbeat = setInterval(this.beat, this.heartbeatMs);
      this.heartbeat.unref?.();
    }
  }

  private readonly beat = (): void => {
    const now = Date.now();
    if (!this.running || now - this.lastWrite < this.heartbeatMs) return;
    this.out(`  … ${this.running.what}  ${this.t('step.stillRunning', { elapsed: formatDuration(now - this.running.since) })}\n`);
  };

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.running = undefined;
  }
}

/** A target host's step as every line shows it: `<id>@<host>`. */
function hostStepId(id: string, host: string): string {
  return `${id}@${sanitizeLine(host)}`;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? text : `${text.slice(0, nl)} …`;
}
