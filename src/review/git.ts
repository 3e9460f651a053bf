// Read-only git queries for diff and review: a file at a ref, the files changed since a base. Never runs PR code.
import { execa } from 'execa';
import { UserError } from '../engine/errors.js';
import { translator, type Lang } from '../i18n/index.js';
import { reviewCatalog } from '../i18n/review.js';

/** git, never prompting, never paging; output kept byte-exact (no final newline stripped). */
const gitOptions = { env: { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' }, stripFinalNewline: false, stdin: 'ignore' } as const;

/** Runs git; a failure is a UserError with git's own first line (`git merge-base x HEAD: fatal: …`), framed in `lang`. */
async function git(args: string[], cwd: string, lang: Lang): Promise<string> {
  const result = await execa('git', args, { ...gitOptions, cwd, maxBuffer: 64 * 1024 * 1024, reject: false });
  if (result.failed) {
    const why = (result.stderr || result.shortMessage || 'failed').trim().split('\n')[0]!;
    throw new UserError(translator(reviewCatalog, lang)('git.failed', { command: `git ${args.join(' ')}`, why }), { cause: result });
  }
  return result.stdout;
}

/** A ref must not look like an option (`--output=…`): refs come from the command line and PR metadata. */
export function checkRef(ref: string, lang: Lang): string {
  if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) throw new UserError(translator(reviewCatalog, lang)('git.notRef', { ref: JSON.stringify(ref) }));
  return ref;
}

/** The repository's top folder. */
export async function gitRoot(cwd: string, lang: Lang): Promise<string> {
  return (await git(['rev-parse', '--show-toplevel'], cwd, lang)).trim();
}

/** The text of `path` (relative to the repository root) at `ref`, or undefined when it does not exist there. */
export async function gitShow(ref: string, path: string, root: string, lang: Lang): Promise<string | undefined> {
  checkRef(ref, lang);
  const result = await execa('git', ['show', `${ref}:${path}`], { ...gitOptions, cwd: root, maxBuffer: 16 * 1024 * 1024, reject: false });
  return result.failed ? undefined : result.stdout;
}

export interface ChangedFile {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** Path now (relative to the repository root). */
  path: string;
  /** Path at the base, when renamed. */
  oldPath?: string;
}

/** Files changed from the merge base of `base` and HEAD to the working tree, untracked files included. */
export async function gitChangedFiles(base: string, root: string, lang: Lang): Promise<{ mergeBase: string; files: ChangedFile[] }> {
  checkRef(base, lang);
  const mergeBase = (await git(['merge-base', base, 'HEAD'], root, lang)).trim();
  const out = await git(['diff', '--name-status', '-M', '-z', mergeBase, '--'], root, lang);
  const parts = out.split('\0').filter((p) => p !== '');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; i++) {
    const code = parts[i]!;
    if (code.startsWith('R')) {
      files.push({ status: 'renamed', oldPath: parts[i + 1]!, path: parts[i + 2]! });
      i += 2;
    } else {
      const path = parts[++i]!;
      files.push({ status: code.startsWith('A') ? 'added' : code.startsWith('D') ? 'deleted' : 'modified', path });
    }
  }
  // New files not yet added to git are changes too (a local review before committing).
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], root, lang);
  for (const path of untracked.split('\0').filter((p) => p !== '')) files.push({ status: 'added', path });
  return { mergeBase, files };
}
