// The run journal: <home>/runs/<runId>/ with plan.json, meta.json, events.jsonl and steps/<id>.log.
import { closeSync, fdatasync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fromEnvValues } from '../compile.js';
import { UserError } from '../errors.js';
import type { RunEvent, RunStatus } from '../events.js';
import { paramText, type CompiledPlan, type PlanSelection } from '../plan.js';
import { pickText } from '../text.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { syncDir, writeFileDurable } from './durable.js';
import { makeEnvCheck, type EnvCheck } from './env-check.js';
import { describeFsError, makeDirs } from './fs-errors.js';
import { prepareHomeDir } from './home.js';
import { outputsPath } from './journal-read.js';
import { currentUser } from './lock.js';
import { MASK, type Redactor } from './redact-stream.js';
import type { RunOptions } from './types.js';

export { readEvents, readEventsTolerant, readMeta, tryReadMeta, JournalReadError } from './journal-read.js';

/** What `history` lists and `resume` needs to recompile the same plan (secret values never stored). */
export interface RunMeta {
  runId: string;
  playbook: string;
  title: string;
  /** Absolute path of the playbook file ('' when the plan was built in memory). */
  file: string;
  fileSha256?: string;
  lock: string;
  /** Non-secret parameters as given on the command line; secrets are never written. */
  params: Record<string, string>;
  secretParams: string[];
  sandbox: boolean;
  user: string;
  host: string;
  pid: number;
  startedAt: string;
  finishedAt?: string;
  status?: RunStatus | 'running';
  exitCode?: number;
  resumedFrom?: string;
  /** Working directory of the commands (resume uses it again). */
  cwd?: string;
  /** `--check` runs change nothing and cannot be resumed; `rollback` runs (`resume --rollback`) only roll back. */
  mode?: 'check' | 'rollback';
  /** `rollback` runs: the steps (full ids) whose rollback the run was to run, in order. */
  rollbackSteps?: string[];
  /** Digests of the values taken from the environment (`from_env`), so resume can tell they changed. */
  envCheck?: EnvCheck;
  /** The step selection (`--from`, `--only`, `--skip`): `resume` keeps it unless given another. */
  selection?: PlanSelection;
  /** A playbook with `targets`: the inventory file and the host pattern of the run (resume uses them again). */
  inventory?: string;
  hosts?: string;
  /** A playbook with `targets`: where each host selected was reached (`address:port`), so resume can tell a host moved. */
  targetAddresses?: Record<string, string>;
}

/** Where ssh reaches a host: `address:port` (22 when the inventory gives none). */
export const hostAddress = (host: { address: string; port?: number }): string => `${host.address}:${host.port ?? 22}`;

/** meta.json as a run starts: who runs what, where, with which values (secret values never written). */
export function startMeta(plan: CompiledPlan, options: RunOptions, run: { runId: string; started: number; redactor: Redactor }): RunMeta {
  const params = plan.params;
  return {
    runId: run.runId,
    playbook: plan.playbook.name,
    title: run.redactor.redact(pickText(plan.playbook.title, options.lang ?? 'en') ?? plan.playbook.name),
    file: options.source?.file ?? '',
    ...(options.source?.fileSha256 ? { fileSha256: options.source.fileSha256 } : {}),
    lock: plan.playbook.lock,
    // Every non-secret value that did not come from the playbook (--param or RUNBOOK_PARAM_*), so that
    // resume runs with the same values even when the environment has changed since.
    params: Object.fromEntries(params.filter((p) => !p.secret && p.source === 'given' && p.value !== undefined).map((p) => [p.name, paramText(p.value!)])),
    secretParams: params.filter((p) => p.secret).map((p) => p.name),
    envCheck: makeEnvCheck(fromEnvValues(plan)),
    sandbox: plan.sandbox,
    user: currentUser(),
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(run.started).toISOString(),
    cwd: options.cwd ?? process.cwd(),
    status: 'running',
    ...(options.resume ? { resumedFrom: options.resume.fromRun } : {}),
    ...(options.rollbackOnly ? { resumedFrom: options.rollbackOnly.fromRun, mode: 'rollback', rollbackSteps: options.rollbackOnly.steps } : {}),
    ...(options.checkOnly ? { mode: 'check' } : {}),
    ...(plan.selection ? { selection: plan.selection } : {}),
    ...(options.targets?.inventoryFile ? { inventory: options.targets.inventoryFile } : {}),
    ...(options.targets ? { hosts: options.targets.pattern, targetAddresses: Object.fromEntries(options.targets.hosts.map((h) => [h.name, hostAddress(h)])) } : {}),
  };
}

/**
 * Opens a run's journal: plan.json (secret values masked) and meta.json. A journal that cannot be written
 * is a clean error here, as nothing has run yet.
 */
export function openJournal(home: string, meta: RunMeta, plan: CompiledPlan, options: { redactor: Redactor; t: Translator<EngineKey>; sync?: Journal['syncMode'] }): Journal {
  const record = options.redactor.redactDeep({ ...plan, params: plan.params.map((p) => (p.secret ? { ...p, value: MASK } : p)) });
  const journal = Journal.create(home, meta.runId, record, meta, options.t);
  if (journal.failure) {
    journal.close();
    throw new UserError(journal.failure.message, { hint: options.t('home.hint'), cause: journal.failure });
  }
  if (options.sync) journal.syncMode = options.sync;
  return journal;
}

/** A journal write failed (disk full, permissions): the runner starts nothing more and says why. */
export class JournalError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
    t: Translator<EngineKey> = engineText('en'),
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(t('journal.cannotWrite', { path, detail: code ? ` (${describeFsError(cause, t)})` : '' }), { cause });
    this.name = 'JournalError';
  }
}

export const runsDir = (home: string): string => join(home, 'runs');
export const runDir = (home: string, runId: string): string => join(runsDir(home), runId);

/** File name of a step's log; nested playbook steps are `<parent>.<child>`, rollbacks `<id>.rollback`, on a target host `<id>@<host>`. */
export const stepLogName = (name: string): string => `${name.replace(/[^A-Za-z0-9_.@-]/g, '_')}.log`;

export class Journal {
  readonly dir: string;
  /** events.jsonl and groups.jsonl, joined once (they are written on every step). */
  private readonly eventsPath: string;
  private readonly groupsPath: string;
  private eventsFd: number | undefined;
  /** The first write error; once set, nothing more is written and no further step may start. */
  failure: JournalError | undefined;

  private constructor(
    dir: string,
    /** The run's language: messages the journal writes into its files (a log's truncation marker) are in it. */
    readonly t: Translator<EngineKey>,
  ) {
    this.dir = dir;
    this.eventsPath = join(dir, 'events.jsonl');
    this.groupsPath = join(dir, 'groups.jsonl');
  }

  /** Creates the run directory and writes plan.json and meta.json (both already redacted). */
  static create(home: string, runId: string, plan: unknown, meta: RunMeta, t: Translator<EngineKey> = engineText('en')): Journal {
    const dir = runDir(home, runId);
    const journal = new Journal(dir, t);
    journal.guard(dir, () => {
      prepareHomeDir(home, 'runs');
      makeDirs(join(dir, 'steps'));
      writeFileDurable(join(dir, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
      journal.eventsFd = openSync(journal.eventsPath, 'a');
      // The run directory and its entries must survive a power cut as well as the files in it.
      syncDir(dir);
      syncDir(runsDir(home));
    });
    journal.writeMeta(meta);
    return journal;
  }

  /** Runs a write; the first failure is remembered (and later writes are skipped). */
  guard(path: string, write: () => void): boolean {
    if (this.failure) return false;
    try {
      write();
      return true;
    } catch (error) {
      this.failure = new JournalError(path, error, this.t);
      return false;
    }
  }

  /**
   * How step boundaries reach the disk. 'overlap' (default): the fdatasync is issued at the boundary
   * and runs alongside the start of the step instead of delaying it (flushes are coalesced).
   * 'strict': the engine waits for the flush before it goes on.
   */
  syncMode: 'overlap' | 'strict' = 'overlap';
  private syncing = false;
  private syncAgain = false;
  /** The events file's descriptor, closed by the flush in progress when it ends (set by close()). */
  private closeAfterSync: number | undefined;

  /** Appends one event as a JSON line (written at once: a killed engine loses nothing). With `sync`, flushes to disk. */
  append(event: RunEvent, sync = false): void {
    const fd = this.eventsFd;
    if (fd === undefined) return;
    const path = this.eventsPath;
    this.guard(path, () => {
      writeSync(fd, JSON.stringify(event) + '\n');
      if (sync && this.syncMode === 'strict') fdatasyncSync(fd);
    });
    if (sync && this.syncMode === 'overlap') this.flushInBackground(fd, path);
  }

  private flushInBackground(fd: number, path: string): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    fdatasync(fd, (error) => {
      this.syncing = false;
      if (error && !this.failure) this.failure = new JournalError(path, error, this.t);
      if (this.closeAfterSync === fd) {
        this.closeAfterSync = undefined;
        closeSync(fd);
        return;
      }
      if (this.syncAgain && this.eventsFd === fd) {
        this.syncAgain = false;
        this.flushInBackground(fd, path);
      }
    });
  }

  /** Replaces meta.json atomically and durably (temporary file, fsync, rename, fsync of the directory). */
  writeMeta(meta: RunMeta): void {
    const path = join(this.dir, 'meta.json');
    this.guard(path, () => writeFileDurable(path, JSON.stringify(meta, null, 2) + '\n'));
  }

  private groupsFd: number | undefined;

  /**
   * Appends one line to groups.jsonl (the process groups the run started; see groups.ts) with one
   * write(2) and no fsync: the line only matters while this host is up — if the host dies, so does the group.
   */
  appendGroup(record: object): void {
    const path = this.groupsPath;
    this.guard(path, () => {
      this.groupsFd ??= openSync(path, 'a');
      writeSync(this.groupsFd, JSON.stringify(record) + '\n');
    });
  }

  /** Stores a completed step's outputs (redacted) durably, so `resume` can offer them to later templates. */
  writeOutputs(stepId: string, outputs: unknown): boolean {
    const path = outputsPath(this.dir, stepId);
    return this.guard(path, () => writeFileDurable(path, JSON.stringify(outputs) + '\n'));
  }

  stepLogPath(name: string): string {
    return join(this.dir, 'steps', stepLogName(name));
  }

  close(): void {
    if (this.groupsFd !== undefined) {
      closeSync(this.groupsFd);
      this.groupsFd = undefined;
    }
    const fd = this.eventsFd;
    if (fd === undefined) return;
    this.eventsFd = undefined;
    try {
      fdatasyncSync(fd);
    } catch {
      // already reported through `failure` if it matters
    }
    // A background flush may still hold the descriptor: it closes it when it is done (no more are started).
    if (this.syncing) this.closeAfterSync = fd;
    else closeSync(fd);
  }
}
