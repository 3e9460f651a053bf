// git for tests that show commit hashes: a fixed identity and fixed dates, so the hashes are the same on every run.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Review Test',
  GIT_AUTHOR_EMAIL: 'review@example.invalid',
  GIT_COMMITTER_NAME: 'Review Test',
  GIT_COMMITTER_EMAIL: 'review@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

/** Runs `git args…` in `cwd` and returns its stdout. */
export function reproducibleGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}
