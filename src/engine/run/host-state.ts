// The state of one target host in a run: its events tagged with the host, templates that see `host.*`, commands over ssh.
import type { EventInput, OutputInput } from './emitter.js';
import { Emitter } from './emitter.js';
import type { RunEvent } from '../events.js';
import type { PlanEnv, Rendered } from '../plan.js';
import { renderCommand, renderDeferred, type HostValues } from '../template-render.js';
import type { ShellCommand } from '../../process/shell.js';
import type { ProcessGroup, SpawnGroupOptions } from '../../process/group.js';
import type { ActionContext } from '../../steps/context.js';
import { unreachableText } from '../../remote/errors.js';
import { spawnRemote } from '../../remote/spawn.js';
import { buildEnv } from './env.js';
import type { OutputCapture } from './output.js';
import { Redactor } from './redact-stream.js';
import { RunState, type Frame } from './state.js';
import type { TargetHost } from './targets.js';
import type { StepResult } from './types.js';

/** Hands every event to the run's emitter with `host` set (the run's emitter masks secrets and journals it). */
class HostEmitter extends Emitter {
  constructor(
    private readonly parent: Emitter,
    private readonly host: string,
  ) {
    super(parent.runId, [], new Redactor([]));
  }

  override emit(input: EventInput): RunEvent {
    return this.parent.emit({ ...input, host: this.host } as EventInput);
  }

  override output(input: OutputInput, piece: string | Buffer): void {
    this.parent.output({ ...input, host: this.host }, piece);
  }

  override congested(): Promise<void> | undefined {
    return this.parent.congested();
  }
}

export class HostRunState extends RunState {
  /** Why the host was lost during a command (its outcome unknown), once it was. */
  lost: string | undefined;
  readonly name: string;

  constructor(
    readonly parent: RunState,
    readonly target: TargetHost,
  ) {
    super(parent.runId, parent.options, new HostEmitter(parent.emitter, target.host.name), parent.journal, parent.redactor, parent.interrupts);
    this.name = target.host.name;
    this.lost = target.unreachable;
  }

  get hostValues(): HostValues {
    const { host } = this.target;
    return { name: host.name, address: host.address, vars: host.vars };
  }

  override render(frame: Frame, template: Rendered): string {
    return renderDeferred(template, { params: frame.plan.params, steps: frame.outputs, lang: this.options.lang ?? 'en', host: this.hostValues });
  }

  override command(frame: Frame, template: Rendered): ShellCommand {
    return renderCommand(template, { params: frame.plan.params, steps: frame.outputs, lang: this.options.lang ?? 'en', host: this.hostValues });
  }

  override logName(name: string): string {
    return `${name}@${this.name}`;
  }

  /**
   * As on the ops host, but the command runs on the host: only the playbook's environment goes with it (on stdin,
   * never on a command line: src/remote/wrapper.ts), and `cwd` is a folder there ('' for the login folder).
   */
  override actionContext(
    frame: Frame,
    spec: { layers: readonly (readonly PlanEnv[])[]; cwd?: Rendered; timeoutMs: number; graceful: boolean },
    capture: OutputCapture,
  ): ActionContext {
    const ctx = super.actionContext(frame, spec, capture);
    const { trackGroup: _local, ...rest } = ctx;
    return {
      ...rest,
      env: buildEnv({}, [frame.plan.env, ...spec.layers], {}, (e) => ctx.render(e.value)),
      cwd: spec.cwd ? ctx.render(spec.cwd) : '',
      spawn: (options) => this.spawn(options),
    };
  }

  override record(result: StepResult): void {
    this.results.set(result.id, result);
    this.parent.results.set(`${result.id}@${this.name}`, { ...result, host: this.name });
  }

  /** The command on the host, shaped as a local group; a host lost on the way ends it with `lost` (outcome unknown). */
  private spawn(options: SpawnGroupOptions): ProcessGroup {
    const master = this.target.master;
    if (!master) return { pid: undefined, done: Promise.resolve({ exitCode: null, signal: null, lost: this.lost ?? '' }), stop: async () => {}, kill: () => {} };
    const group = spawnRemote(master, {
      command: options.command,
      env: options.env,
      cwd: options.cwd,
      onStdout: (chunk) => void options.onStdout(chunk),
      onStderr: (chunk) => void options.onStderr(chunk),
    });
    const done = group.done.then((exit) => {
      if (!exit.unreachable) return exit;
      this.lost ??= unreachableText(this.target.host, exit.unreachable, this.options.lang ?? 'en').message;
      return { exitCode: null, signal: null, lost: this.lost };
    });
    return { pid: group.pid, done, stop: (grace) => group.stop(grace), kill: () => group.kill() };
  }
}
