// Plain-line reporter for CI logs, pipes and `--quiet`: one line per change, no spinner, no cursor movement.
//
// Why plain lines and not listr2's simple/verbose renderer: listr2 drives a task tree it owns
// (tasks are functions it runs), while our engine already runs the steps and emits events; mapping
// events back into listr2 tasks would add a second state machine and still not print the step
// output, probe results and rollback lines we need. Plain lines stay greppable and stable for
// golden tests, and cost one `write` per event.
import type { EventOf, Reporter, RunEvent } from '../engine/events.js';
import type { CompiledPlan } from '../engine/plan.js';
import { pickText, type Lang } from '../engine/text.js';
import { formatCounts, formatGateAnswer, uiText, type UiKey } from '../i18n/ui.js';
import { labelled, parenthetical } from '../i18n/words.js';
import { formatDuration, formatParam, nextCommands, statusIcons, type RowStatus } from './format.js';
import { collectSecrets } from '../engine/compile.js';
import { maskText, secretForms } from '../engine/redact.js';
import { displayEvent, displayRequest } from './display.js';
import { askOnTerminal } from './gate.js';
import { createOutcome, formatHeadline, noteOutcome } from './headline.js';
import { whenDrained } from './drain.js';
import { isPlainAscii, needsSanitizing, sanitizeLine, sanitizeText, showControls } from './sanitize.js';
import { writeOut, type Out } from './write-out.js';
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

/** Longest line kept in the partial-line buffer before it is printed anyway (a child writing no newline). */
const MAX_PARTIAL = 64 * 1024;

export function createPlainReporter(options: PlainReporterOptions): Reporter {
  const { stdout, stderr, lang, quiet = false } = options;
  const t = uiText(lang);
  const names = new Map<string, string>();
  /** `[2/4] ` before a step's label, indented under the including step for included playbooks. */
  const positions = new Map<string, string>();
  const depths = new Map<string, number>();
  let wouldRun = 0;
  let unknown = 0;
  // What the summary's headline tells: rolled back, no rollback, still going on outside (the live view says the same).
  const outcome = createOutcome(options.plan);
  const partial = new Map<string, string>();
  const probeStarts = new Map<string, number>();
  const rollbackStarts = new Map<string, number>();
  // Names known up front (a resumed run's skipped steps have no step.started): secrets masked, controls shown.
  const forms = options.plan ? secretForms(collectSecrets(options.plan)) : [];
  for (const step of [...(options.plan?.steps ?? []), ...(options.plan?.finally ?? [])]) {
    names.set(step.id, showControls(maskText(pickText(step.name, lang) ?? step.id, forms)));
  }

  // A reader that goes away (`| head`) must not crash the run half-way (no rollback): stop writing.
  let broken = false;
  stdout.on?.('error', () => {
    broken = true;
  });
  const write = (stream: NodeJS.WritableStream, text: Out | readonly Out[]): void => {
    if (stream === stdout && broken) return;
    writeOut(stream, Array.isArray(text) ? text : [text as Out]);
  };
  // Backpressure: while more than MAX_PENDING_BYTES wait for the reader of stdout, the engine stops reading step output.
  const congested = (): Promise<void> | undefined => (broken || quiet ? undefined : whenDrained(stdout));
  // Heartbeat: the step or rollback under way, and when the log last moved.
  const heartbeatMs = options.heartbeatMs ?? 60_000;
  let running: { what: string; since: number } | undefined;
  let lastWrite = Date.now();
  let heartbeat: NodeJS.Timeout | undefined;
  const beat = (): void => {
    const now = Date.now();
    if (!running || now - lastWrite < heartbeatMs) return;
    out(`  … ${running.what}  ${t('step.stillRunning', { elapsed: formatDuration(now - running.since) })}\n`);
  };
  const startRunning = (what: string): void => {
    running = { what, since: Date.now() };
    lastWrite = Date.now();
    if (heartbeatMs > 0 && !quiet && !heartbeat) {
      heartbeat = setInterval(beat, heartbeatMs);
      heartbeat.unref?.();
    }
  };
  const stopHeartbeat = (): void => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    running = undefined;
  };
  const out = (text: Out | readonly Out[]): void => {
    if (quiet) return;
    lastWrite = Date.now();
    write(stdout, text);
  };
  /** Errors are shown in every mode; in quiet mode they go to stderr so stdout holds only the summary. */
  const error = (text: string): void => {
    write(quiet ? stderr : stdout, text);
  };
  const label = (id: string): string => {
    const name = names.get(id);
    return name && name !== id ? `${id}${parenthetical(name, lang)}` : id;
  };
  const row = (status: RowStatus, what: string, detail: string[]): string =>
    `  ${statusIcons[status]} ${what}  ${[t(`status.${status}` as UiKey), ...detail].filter(Boolean).join(' · ')}\n`;
  /** A progress line (retry, verify): no status word, its own icon. */
  const progress = (icon: string, what: string, detail: string[]): string => `  ${icon} ${what}  ${detail.filter(Boolean).join(' · ')}\n`;

  const flushPartial = (id: string): void => {
    const rest = partial.get(id);
    if (rest) out(`${OUTPUT_PREFIX}${sanitizeLine(rest)}\n`);
    partial.delete(id);
  };

  const onOutput = (event: EventOf<'step.output'>): void => {
    if (quiet) return;
    const before = partial.get(event.id) ?? '';
    const lastNl = event.text.lastIndexOf('\n');
    if (lastNl === -1) {
      let text = before + event.text;
      if (text.length > MAX_PARTIAL) {
        out(`${OUTPUT_PREFIX}${sanitizeLine(text)}\n`);
        text = '';
      }
      partial.set(event.id, text);
      return;
    }
    partial.set(event.id, event.text.slice(lastNl + 1));
    // The line completing what was left over is joined on its own; the rest stays a slice of the chunk.
    const firstNl = event.text.indexOf('\n');
    const pieces = prefixLines(before + event.text.slice(0, firstNl));
    if (firstNl < lastNl) pieces.push(...prefixLines(event.text.slice(firstNl + 1, lastNl)));
    out(pieces);
  };

  const summary = (event: EventOf<'run.finished'>): string => {
    const icon = event.status === 'ok' ? statusIcons.ok : statusIcons.failed;
    const lines = [`${icon} ${formatHeadline(t, event, outcome)} · ${t('summary.duration', { duration: formatDuration(event.durationMs) })} · ${t('summary.exit', { code: event.exitCode })}`];
    lines.push(`  ${formatCounts(t, event.counts, wouldRun, unknown)}`);
    if (event.failedStep) lines.push(`  ${t('summary.failedStep', { id: label(event.failedStep) })}`);
    if (event.reason) lines.push(`  ${sanitizeLine(event.reason)}`);
    if (event.unrolled?.length) {
      lines.push(`  ${t(event.sandbox ? 'summary.unrolledSandbox' : 'summary.unrolled', { count: event.unrolled.length })}`);
      for (const u of event.unrolled) {
        lines.push(`    ${statusIcons.rollback_failed} ${sanitizeLine(label(u.id))}`);
        // The whole command, every line of it: a person runs it by hand.
        if (u.command) lines.push(...u.command.replace(/\n+$/, '').split('\n').map((line, i) => `      ${i === 0 ? '$' : ' '} ${sanitizeLine(line)}`));
      }
    }
    lines.push(`  ${t('summary.journal', { path: event.journalDir })}`);
    const next = nextCommands(event, options.env);
    if (next.length > 0) lines.push(`  ${t('summary.next')} ${next.join('   ')}`);
    return lines.join('\n') + '\n';
  };

  const handle = (event: RunEvent): void => {
    switch (event.type) {
      case 'run.started': {
        const title = pickText(event.playbook.title, lang) ?? event.playbook.name;
        const facts = [t('header.run', { id: event.runId }), t('header.risk', { risk: t(`risk.${event.playbook.risk}`) })];
        if (event.sandbox) facts.push(`${t('header.sandbox')}${parenthetical(t('header.sandboxNote'), lang)}`);
        if (event.resumedFrom) facts.push(t('header.resumed', { id: event.resumedFrom }));
        const params = event.params.length > 0 ? event.params.map(formatParam).join(' ') : t('header.noParams');
        out(
          `runbook · ${sanitizeLine(title)}${title === event.playbook.name ? '' : parenthetical(event.playbook.name, lang)}\n` +
            `  ${facts.join(' · ')}\n` +
            `  ${labelled(t('header.params'), lang)}${sanitizeLine(params)}\n` +
            `  ${labelled(t('header.journal'), lang)}${event.journalDir}\n`,
        );
        return;
      }
      case 'phase.started':
        out(`── ${t(`phase.${event.phase}`)}\n`);
        return;
      case 'phase.finished':
        return;
      case 'probe.started':
        probeStarts.set(`${event.phase}:${event.index}`, Date.parse(event.time));
        startRunning(sanitizeLine(event.name));
        return;
      case 'probe.finished': {
        running = undefined;
        const started = probeStarts.get(`${event.phase}:${event.index}`);
        const detail = [started === undefined ? '' : formatDuration(Date.parse(event.time) - started)];
        if (event.attempts > 1) detail.push(t('step.attempts', { attempts: event.attempts }));
        if (event.reason) detail.push(sanitizeLine(event.reason));
        const line = row(event.ok ? 'ok' : 'failed', sanitizeLine(event.name), detail);
        if (event.ok) out(line);
        else error(line);
        return;
      }
      case 'step.started': {
        names.set(event.id, event.name || event.id);
        const depth = event.parent ? (depths.get(event.parent) ?? 0) + 1 : 0;
        depths.set(event.id, depth);
        positions.set(event.id, `${'  '.repeat(depth)}[${event.index}/${event.total}] `);
        const command = event.command ? `  $ ${sanitizeLine(firstLine(event.command))}` : '';
        out(`  ▸ ${positions.get(event.id)}${label(event.id)}${command}\n`);
        // A gate waits for a person, not a process: no heartbeat over the prompt.
        if (isGate(event.kind)) running = undefined;
        else startRunning(`${positions.get(event.id)}${label(event.id)}`);
        return;
      }
      case 'step.skipped':
        out(row(event.status, `${positions.get(event.id) ?? ''}${label(event.id)}`, [sanitizeLine(event.reason)]));
        return;
      case 'step.would_run':
        if (event.unknown) unknown++;
        else wouldRun++;
        if (event.name) names.set(event.id, event.name);
        out(row(event.unknown ? 'unknown' : 'would_run', label(event.id), [sanitizeLine(event.reason)]));
        return;
      case 'step.retrying':
        out(
          progress('↻', `${positions.get(event.id) ?? ''}${label(event.id)}`, [
            t('step.retryIn', { attempt: event.attempt, of: event.of, delay: formatDuration(event.delayMs) }),
            sanitizeLine(event.reason),
          ]),
        );
        return;
      case 'step.output':
        onOutput(event);
        return;
      case 'step.verifying':
        out(progress('…', `${positions.get(event.id) ?? ''}${label(event.id)}`, [t('step.verify', { attempt: event.attempt, of: event.of })]));
        return;
      case 'step.finished': {
        running = undefined;
        flushPartial(event.id);
        const detail = [formatDuration(event.durationMs)];
        // The engine's reason usually names the exit code already.
        if (event.status === 'failed' && event.exitCode !== undefined && !event.reason) detail.push(t('step.exitCode', { code: event.exitCode }));
        if (event.attempts !== undefined && event.attempts > 1) detail.push(t('step.attempts', { attempts: event.attempts }));
        if (event.reason) detail.push(sanitizeLine(event.reason));
        if (event.continued) detail.push(t('step.continued'));
        const line = row(event.status, `${positions.get(event.id) ?? ''}${label(event.id)}`, detail);
        if (event.status === 'ok') out(line);
        else error(line);
        return;
      }
      case 'confirm.requested':
        out(`  ? ${t('confirm.requested', { message: sanitizeLine(event.message) })}\n`);
        return;
      case 'confirm.answered': {
        const line = `  ? ${formatGateAnswer(t, label(event.id), event.accepted, event.by, event.interrupted)}\n`;
        if (event.accepted) out(line);
        else error(line);
        return;
      }
      case 'rollback.started':
        rollbackStarts.set(event.id, Date.parse(event.time));
        if (event.name && !names.has(event.id)) names.set(event.id, event.name);
        out(row('rolling_back', label(event.id), []));
        startRunning(label(event.id));
        return;
      case 'rollback.finished': {
        running = undefined;
        flushPartial(event.id);
        const started = rollbackStarts.get(event.id);
        const detail = [started === undefined ? '' : formatDuration(Date.parse(event.time) - started)];
        if (event.reason) detail.push(sanitizeLine(event.reason));
        const line = row(event.ok ? 'rolled_back' : event.skipped ? 'skipped' : 'rollback_failed', label(event.id), detail);
        if (event.ok) out(line);
        else error(line);
        return;
      }
      case 'interrupt.received': {
        const key = event.action === 'rollback' ? 'interrupt.rollback' : event.action === 'stop' ? 'interrupt.stop' : 'interrupt.force';
        error(`!! ${t(key, { signal: event.signal })}\n`);
        return;
      }
      case 'run.finished':
        stopHeartbeat();
        for (const id of [...partial.keys()]) flushPartial(id);
        write(stdout, summary(event));
        return;
    }
  };

  const reporter: Reporter = {
    onEvent(event) {
      try {
        const shown = displayEvent(event);
        noteOutcome(outcome, shown);
        handle(shown);
      } catch {
        // A reporter must never break a run; a malformed event is dropped.
      }
    },
    close() {
      stopHeartbeat();
    },
    congested,
  };
  const stdin = options.stdin;
  const ci = options.env?.CI;
  if (stdin?.isTTY === true && (ci === undefined || ci === '' || ci === '0' || ci === 'false')) {
    reporter.confirm = (request) => askOnTerminal(displayRequest(request), stdin, stderr, lang);
  }
  return reporter;
}

const OUTPUT_PREFIX = '    │ ';
/** The prefix's UTF-8 bytes as Latin-1 characters: written with 'latin1', they are the prefix in UTF-8. */
const OUTPUT_PREFIX_BYTES = { latin1: Buffer.from(OUTPUT_PREFIX).toString('latin1') };
const NEWLINE = { latin1: '\n' };

/**
 * Complete lines of output, sanitised, each prefixed — in a few passes over the whole block, never
 * line by line, so that a step printing a gigabyte costs little. Plain ASCII (most output) is written
 * as bytes directly: a string holding `│` would take two bytes a character and be slow to encode.
 */
function prefixLines(block: string): Out[] {
  if (isPlainAscii(block)) {
    const spaced = block.includes('\t') ? block.replaceAll('\t', '    ') : block;
    return [OUTPUT_PREFIX_BYTES, { latin1: spaced.replaceAll('\n', `\n${OUTPUT_PREFIX_BYTES.latin1}`) }, NEWLINE];
  }
  const safe = needsSanitizing(block) ? sanitizeText(block) : block;
  return [`${OUTPUT_PREFIX}${safe.replaceAll('\n', `\n${OUTPUT_PREFIX}`)}\n`];
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? text : `${text.slice(0, nl)} …`;
}
