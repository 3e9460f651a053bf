// A sandbox kept up by another process (`runbook serve --sandbox`): later runs play against its services and tools.
//
// startSandbox writes `sandbox.json` (mode 0600) into the sandbox's directory: its `{{sandbox.*}}` values,
// the environment of its runs and its faults. `play --sandbox --sandbox-attach <dir>` reads it instead of
// starting a sandbox of its own: the same simulated stack, seen by every run (and by a Prometheus scraping
// its recommendation-api), until the process that started it stops it.
import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../engine/errors.js';
import { describeFsError } from '../engine/run/fs-errors.js';
import { showLineBreaks } from '../engine/escapes.js';
import { engineText } from '../i18n/engine.js';
import { sandboxText } from '../i18n/sandbox.js';
import type { Lang } from '../i18n/index.js';
import { reapMarked, SANDBOX_MARKER } from './reap.js';
import { readState } from './state.js';
import type { Sandbox } from './index.js';

const DESCRIPTOR = 'sandbox.json';

interface Descriptor {
  vars: Record<string, string>;
  env: Record<string, string>;
  faults: string[];
}

export function writeDescriptor(dir: string, descriptor: Descriptor): void {
  writeFileSync(join(dir, DESCRIPTOR), JSON.stringify(descriptor), { mode: 0o600 });
}

function isStringMap(value: unknown): value is Record<string, string> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Why a directory cannot be attached to, as data: said in the reader's language where it is shown (sandboxText). */
export type AttachProblem =
  | { key: 'attach.notFile' | 'attach.otherUser' | 'attach.missing' | 'attach.notJson' | 'attach.notDescriptor'; path: string }
  | { key: 'attach.elsewhere'; path: string; dir: string }
  /** The file system refused: `message` is Node's (said as it is in English), `code` its errno name. */
  | { key: 'attach.unreadable'; path: string; code?: string; message: string };

/** The problem in words: `…/sandbox.json is not JSON`, `…/sandbox.json 不是有效的 JSON`. */
export function describeAttachProblem(problem: AttachProblem, lang: Lang): string {
  let error = '';
  if (problem.key === 'attach.unreadable') error = problem.code ? describeFsError({ code: problem.code }, engineText(lang)) : problem.message;
  // The folder was typed on the command line: a path with a line break stays on the message's line (␤).
  const oneLine = Object.fromEntries(Object.entries(problem).map(([k, v]) => [k, typeof v === 'string' && k !== 'key' ? showLineBreaks(v) : v]));
  return sandboxText(lang)(problem.key, { ...oneLine, error: showLineBreaks(error) });
}

/** The sandbox's descriptor, or why the directory is not a sandbox this user may attach to. */
function readDescriptor(dir: string): Descriptor | AttachProblem {
  const path = join(dir, DESCRIPTOR);
  let text: string;
  try {
    const info = lstatSync(path);
    if (!info.isFile()) return { key: 'attach.notFile', path };
    // The descriptor decides what PATH the run's commands get: only one this user wrote is trusted.
    if (process.getuid && info.uid !== process.getuid()) return { key: 'attach.otherUser', path };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') return { key: 'attach.missing', path };
    return { key: 'attach.unreadable', path, message, ...(code ? { code } : {}) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { key: 'attach.notJson', path };
  }
  const d = value as Partial<Descriptor>;
  if (!isStringMap(d.vars) || !isStringMap(d.env) || !Array.isArray(d.faults)) return { key: 'attach.notDescriptor', path };
  // Its commands must find the sandbox's shims first, and nothing else may pose as this sandbox.
  if (d.env.RUNBOOK_SANDBOX_DIR !== dir || !(d.env.PATH ?? '').startsWith(join(dir, 'bin') + ':')) return { key: 'attach.elsewhere', path, dir };
  return { vars: d.vars, env: d.env, faults: d.faults.map(String) };
}

export function attachSandbox(where: string, lang: Lang): Sandbox {
  const dir = resolve(where);
  const descriptor = readDescriptor(dir);
  if ('key' in descriptor) throw new UserError(sandboxText(lang)('attach.unusable', { dir: showLineBreaks(dir), reason: describeAttachProblem(descriptor, lang) }), { hint: sandboxText(lang)('attach.hint') });
  // Processes this run leaves behind carry a marker of their own: stopping this run reaps only them.
  const marker = randomBytes(12).toString('hex');
  return {
    dir,
    vars: descriptor.vars,
    env: { ...descriptor.env, [SANDBOX_MARKER]: marker },
    faults: descriptor.faults,
    state: () => readState(dir),
    async stop() {
      await reapMarked(marker);
    },
  };
}
