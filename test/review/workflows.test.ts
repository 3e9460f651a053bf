// The GitHub workflow files: valid by GitHub's own workflow schema (@actions/workflow-parser), and safe by construction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'yaml';

type Parser = typeof import('@actions/workflow-parser');
let parser: Parser;
let bundleDir: string;

// The parser imports its schema JSON without import attributes, which Node 20 refuses: bundle it once.
beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'runbook-workflow-parser-'));
  const outfile = join(bundleDir, 'parser.mjs');
  await build({
    entryPoints: [new URL('../../node_modules/@actions/workflow-parser/dist/index.js', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'error',
  });
  parser = (await import(pathToFileURL(outfile).href)) as Parser;
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

const root = new URL('../../.github/workflows/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, root), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Workflow {
  name: string;
  on: Record<string, { workflows?: string[]; types?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; permissions?: unknown }>;
}

async function schemaErrors(name: string): Promise<string[]> {
  const content = read(name);
  const result = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value) {
    const template = await parser.convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return errors;
}

describe.each(['runbook-review.yml', 'runbook-review-comment.yml'])('%s', (name) => {
  it("is valid by GitHub's workflow schema", async () => {
    expect(await schemaErrors(name)).toEqual([]);
  });

  it('never puts event data straight into a script (no ${{ }} inside run: or script:)', () => {
    const wf = parse(read(name)) as Workflow;
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps) {
        expect(step.run ?? '').not.toContain('${{');
        expect(String(step.with?.script ?? '')).not.toContain('${{');
      }
    }
  });
});

describe('the schema check', () => {
  it('catches a broken workflow (so a pass means something)', () => {
    const result = parser.parseWorkflow({ name: 'bad.yml', content: 'on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n' }, new parser.NoOperationTraceWriter());
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
  });
});

describe('runbook-review.yml', () => {
  const wf = parse(read('runbook-review.yml')) as Workflow;
  const steps = wf.jobs.review!.steps;
  const runs = steps.map((s) => s.run ?? '').join('\n');

  it('runs on pull_request with a read-only token', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.review!.permissions).toBeUndefined();
  });

  it('validates with annotations, lints, reviews into the job summary, and uploads the report', () => {
    expect(runs).toContain('validate runbooks --format github');
    expect(runs).toContain('lint runbooks --format github');
    expect(runs).toMatch(/review --base "origin\/\$BASE_REF" -o runbook-review\.md/);
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.name).toBe('runbook-review');
  });

  it('does not leave the token in the checkout', () => {
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['persist-credentials']).toBe(false);
  });

  it('never runs a playbook (no play, no --check)', () => {
    expect(runs).not.toMatch(/runbook\.js (play|resume)|--check/);
  });
});

describe('runbook-review-comment.yml', () => {
  const wf = parse(read('runbook-review-comment.yml')) as Workflow;
  const review = parse(read('runbook-review.yml')) as Workflow;
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

  it('runs after the review workflow, by its name', () => {
    expect(wf.on.workflow_run?.workflows).toEqual([review.name]);
    expect(wf.on.workflow_run?.types).toEqual(['completed']);
  });

  it('may write pull requests and read artifacts, nothing else', () => {
    expect(wf.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
  });

  it('never checks out or runs code from the pull request', () => {
    expect(steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(false);
    expect(steps.some((s) => s.run !== undefined)).toBe(false);
    expect(steps.map((s) => s.uses?.split('@')[0])).toEqual(['actions/download-artifact', 'actions/github-script']);
  });

  it('downloads the artifact the review uploads, and keeps one sticky comment', () => {
    expect(steps[0]?.with?.name).toBe('runbook-review');
    const script = String(steps[1]?.with?.script);
    expect(script).toContain("const marker = '<!-- runbook-review -->'");
    expect(script).toContain('updateComment');
    expect(script).toContain('pr.head.sha !== process.env.HEAD_SHA');
  });
});
