// Compiler: parameters resolved and checked, templates rendered once, deferred outputs, errors located.
import { describe, expect, it } from 'vitest';
import { loadPlaybookText } from '../../src/engine/load.js';
import { checkTemplates, collectSecrets, compilePlaybook } from '../../src/engine/compile.js';
import { renderDeferred } from '../../src/engine/template-render.js';
import type { CompiledPlan } from '../../src/engine/plan.js';
import { diagnosticsFrom } from '../helpers/diagnostics.js';

const base = `name: demo
title: Demo
params:
  dir: { default: /data, pattern: '/[a-z/]+' }
  owner: { default: '50000:50000' }
  count: { type: integer, default: 3, min: 1, max: 5 }
  mode: { enum: [fast, safe], default: safe }
  token: { secret: true }
`;

async function compile(yaml: string, params: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<CompiledPlan> {
  return compilePlaybook(loadPlaybookText('demo.yaml', yaml), { params, env });
}

const diagnosticsOf = (yaml: string, params: Record<string, string> = {}) => diagnosticsFrom(compile(yaml, params));

function runText(plan: CompiledPlan, index = 0): string {
  const action = plan.steps[index]!.action;
  if (action.kind !== 'run') throw new Error('not a run step');
  return action.command.text;
}

describe('compilePlaybook', () => {
  it('renders parameters into commands, quoted, with defaults and given values', async () => {
    const plan = await compile(base + 'steps:\n  - id: a\n    run: chown -R {{owner}} {{dir}} && echo {{mode}} {{count}}\n', { dir: '/srv/my data'.replace(' ', '') });
    expect(runText(plan)).toBe('chown -R 50000:50000 /srv/mydata && echo safe 3');
    expect(plan.params.find((p) => p.name === 'dir')).toMatchObject({ value: '/srv/mydata', source: 'given' });
    expect(plan.params.find((p) => p.name === 'count')).toMatchObject({ value: 3, source: 'default' });
    expect(Object.isFrozen(plan.steps[0])).toBe(true);
  });

  it('checks types, enum, pattern and min/max of given values, reporting all of them', async () => {
    const diags = await diagnosticsOf(base + 'steps:\n  - id: a\n    run: "true"\n', { count: 'x', mode: 'slow', dir: 'relative', nope: '1' });
    expect(diags.map((d) => d.code).sort()).toEqual(['param.constraint', 'param.constraint', 'param.type', 'param.unknown']);
    expect(diags.find((d) => d.code === 'param.constraint' && d.message.includes('mode'))!.message).toContain('"fast", "safe"');
  });

  it('names a missing required parameter and how to give it', async () => {
    const diags = await diagnosticsOf('name: x\ntitle: X\nparams:\n  target: { required: true }\nsteps:\n  - id: a\n    run: ping {{target}}\n');
    expect(diags[0]).toMatchObject({ code: 'param.missing', message: 'missing required parameter `target`' });
    expect(diags[0]!.hint).toContain('--param target=');
    expect(diags[0]!.location).toMatchObject({ line: 4 });
  });

  it('takes values from RUNBOOK_PARAM_<NAME>', async () => {
    const plan = await compile(base + 'steps:\n  - id: a\n    run: echo {{mode}}\n', {}, { RUNBOOK_PARAM_MODE: 'fast' });
    expect(runText(plan)).toBe('echo fast');
  });

  it('keeps hostile parameter values as data in every command field', async () => {
    const yaml = base + `steps:
  - id: a
    check: test -e {{dir}}
    run: echo {{owner}}
    verify: { run: 'echo {{owner}}' }
    rollback: echo {{owner}}
`;
    const plan = await compile(yaml.replace("pattern: '/[a-z/]+'", ''), { owner: "'; touch /tmp/x #", dir: '$(id)' });
    const step = plan.steps[0]!;
    expect(runText(plan)).toBe(`echo ''"'"'; touch /tmp/x #'`);
    expect(step.check!.action).toMatchObject({ kind: 'run', command: { text: "test -e '$(id)'" } });
    expect(step.rollback!.action).toMatchObject({ command: { text: `echo ''"'"'; touch /tmp/x #'` } });
  });

  it('locates an unknown name and suggests the closest parameter', async () => {
    const diags = await diagnosticsOf(base + 'steps:\n  - id: a\n    run: chown {{ownr}} {{dir}}\n');
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: 'template.unknown-name', location: { file: 'demo.yaml', line: 11, col: 18 } });
    expect(diags[0]!.hint).toBe('did you mean `owner`?');
  });

  it('locates errors inside block scalars', async () => {
    const diags = await diagnosticsOf(base + 'steps:\n  - id: a\n    run: |\n      echo ok\n      echo "{{dir}}"\n');
    expect(diags[0]).toMatchObject({ code: 'template.in-quotes', location: { line: 13, col: 13 } });
  });

  it('defers templates that read step outputs and renders them at run time as data', async () => {
    const plan = await compile(base + 'steps:\n  - id: list\n    run: ls\n  - id: use\n    run: echo {{steps.list.stdout}} {{dir}}\n');
    const r = plan.steps[1]!.action.kind === 'run' ? plan.steps[1]!.action.command : undefined;
    expect(r).toMatchObject({ deferred: true, text: 'echo ⟨steps.list.stdout⟩ /data' });
    const out = renderDeferred(r!, { params: plan.params, steps: { list: { stdout: '{{dir}} $(id)', stderr: '', exit_code: 0 } } });
    expect(out).toBe("echo '{{dir}} $(id)' /data");
  });

  it('rejects reading outputs of a later or unknown step', async () => {
    const later = await diagnosticsOf(base + 'steps:\n  - id: a\n    run: echo {{steps.b.stdout}}\n  - id: b\n    run: ls\n');
    expect(later[0]!.message).toContain('has not run at that point');
    const unknown = await diagnosticsOf(base + 'steps:\n  - id: list\n    run: ls\n  - id: b\n    run: echo {{steps.lst.stdout}}\n');
    expect(unknown[0]!.hint).toBe('did you mean `list`?');
    const field = await diagnosticsOf(base + 'steps:\n  - id: list\n    run: ls\n  - id: b\n    run: echo {{steps.list.out}}\n');
    expect(field[0]!.code).toBe('template.step-output');
  });

  it('lets verify and rollback read their own step outputs', async () => {
    const plan = await compile(base + 'steps:\n  - id: a\n    run: date\n    verify: test -n {{steps.a.stdout}}\n');
    expect(plan.steps[0]!.verify!.action).toMatchObject({ command: { deferred: true } });
  });

  it('passes secret parameters to commands through the environment and collects them for redaction', async () => {
    const plan = await compile(base + 'steps:\n  - id: a\n    run: login {{token}}\n', { token: 'hunter2' });
    expect(runText(plan)).toBe('login "${RUNBOOK_SECRET_TOKEN}"');
    expect(plan.env).toContainEqual(expect.objectContaining({ name: 'RUNBOOK_SECRET_TOKEN', secret: true }));
    expect(collectSecrets(plan)).toEqual(['hunter2']);
  });

  it('applies sandbox parameter overrides only with --sandbox', async () => {
    const yaml = base + "sandbox:\n  params:\n    dir: '{{sandbox.dir}}/data'\nsteps:\n  - id: a\n    run: ls {{dir}}\n";
    expect(runText(await compile(yaml))).toBe('ls /data');
    const sandboxed = await compilePlaybook(loadPlaybookText('demo.yaml', yaml), { env: {}, sandbox: { dir: '/tmp/sbx' } });
    expect(runText(sandboxed)).toBe('ls /tmp/sbx/data');
    expect(sandboxed.sandbox).toBe(true);
  });

  it('flags raw insertion as a warning', async () => {
    const plan = await compile(base + 'steps:\n  - id: a\n    run: echo {{raw dir}}\n');
    expect(plan.warnings).toMatchObject([{ code: 'template.raw' }]);
  });

  it('compiles http probes and rejects URLs that are not http(s)', async () => {
    const plan = await compile(base + "steps:\n  - id: a\n    http: { url: 'http://localhost:8000/health', json: { status: healthy, models_loaded: true } }\n");
    expect(plan.steps[0]!.action).toMatchObject({ kind: 'http', request: { method: 'GET', json: [{ path: 'status', expected: 'healthy' }, { path: 'models_loaded', expected: true }] } });
    const diags = await diagnosticsOf(base + "steps:\n  - id: a\n    http: { url: '{{dir}}/health' }\n");
    expect(diags[0]!.code).toBe('http.url');
  });
});

describe('the playbook cwd', () => {
  it('is the working directory of steps, preconditions and postconditions that name none', async () => {
    const yaml = `name: c
title: C
params:
  project_dir: { default: /opt/recommend }
cwd: '{{project_dir}}'
preconditions:
  - docker compose ps
  - { run: ls, cwd: /tmp }
steps:
  - id: a
    run: docker compose up -d
    check: docker compose ps
  - id: b
    cwd: /srv
    run: ls
postconditions:
  - docker compose ps
`;
    const plan = await compile(yaml);
    expect(plan.preconditions.map((p) => p.cwd?.text)).toEqual(['/opt/recommend', '/tmp']);
    expect(plan.steps.map((s) => s.cwd?.text)).toEqual(['/opt/recommend', '/srv']);
    expect(plan.steps[0]!.check!.cwd).toBeUndefined(); // the engine runs it in the step's cwd
    expect(plan.postconditions[0]!.cwd?.text).toBe('/opt/recommend');
  });
});

describe('http expectations', () => {
  it('renders templates in expected values, keeping the type of a lone parameter', async () => {
    const yaml = `name: e
title: E
params:
  version: { type: integer, default: 3 }
  model: { default: als }
steps:
  - id: a
    http:
      url: 'http://localhost:8000/health'
      json: { model_version: '{{version}}', name: 'model-{{model}}', fixed: 1 }
      contains: '"{{model}}"'
`;
    const plan = await compile(yaml, { version: '7' });
    expect(plan.steps[0]!.action).toMatchObject({
      request: { json: [{ path: 'model_version', expected: 7 }, { path: 'name', expected: 'model-als' }, { path: 'fixed', expected: 1 }], contains: '"als"' },
    });
  });

  it('does not accept step outputs in expected values', async () => {
    const diags = await diagnosticsOf(base + "steps:\n  - id: a\n    run: date\n  - id: b\n    http: { url: 'http://x/', contains: '{{steps.a.stdout}}' }\n");
    expect(diags[0]!.code).toBe('template.unknown-step');
  });
});

describe('checkTemplates', () => {
  it('reports template problems without needing parameter values', () => {
    const loaded = loadPlaybookText('x.yaml', 'name: x\ntitle: X\nparams:\n  target: { required: true }\nsteps:\n  - id: a\n    run: ping {{target}} {{tagret}}\n');
    expect(checkTemplates(loaded).map((d) => d.code)).toEqual(['template.unknown-name']);
  });
});

describe('closing the shell-injection gaps', () => {
  it('rejects a template in the body of a here-document, quoted or not', async () => {
    for (const open of ['<<EOF', "<<'EOF'", '<<-EOF']) {
      const yaml = `name: h\ntitle: H\nparams:\n  label: { default: x }\nsteps:\n  - id: a\n    run: |\n      cat > out.txt ${open}\n      label={{label}}\n      EOF\n`;
      const diags = await diagnosticsOf(yaml);
      expect(diags[0], open).toMatchObject({ code: 'template.in-heredoc', location: { line: 9 } });
      expect(diags[0]!.hint).toContain('"$VALUE"');
    }
  });

  it('accepts values after a here-document has ended', async () => {
    const yaml = `name: h\ntitle: H\nparams:\n  label: { default: 'a b' }\nsteps:\n  - id: a\n    run: |-\n      cat > out.txt <<EOF\n      fixed text\n      EOF\n      echo {{label}}\n`;
    const plan = await compile(yaml);
    expect(runText(plan)).toBe("cat > out.txt <<EOF\nfixed text\nEOF\necho 'a b'");
  });

  it('checks each {{#if}} branch from the same quoting state', async () => {
    // Both branches open a quote: the value after them is inside quotes in every case (fed one
    // after the other, the two quotes used to cancel out and let `;touch x;` through).
    const both = `name: b\ntitle: B\nparams:\n  a: { type: boolean, default: true }\n  v: { default: x }\nsteps:\n  - id: s\n    run: "echo {{#if a}}'{{else}}'{{/if}}{{v}}'"\n`;
    expect((await diagnosticsOf(both)).map((d) => d.code)).toEqual(['template.in-quotes']);
    // Only one branch opens a quote: the value after would be quoted in one case and not the other.
    const one = `name: b\ntitle: B\nparams:\n  a: { type: boolean, default: true }\n  v: { default: x }\nsteps:\n  - id: s\n    run: "echo {{#if a}}'{{else}}{{/if}}{{v}}'"\n`;
    expect((await diagnosticsOf(one)).map((d) => d.code)).toContain('template.branch-quotes');
  });

  it('accepts branches that each close what they open', async () => {
    const yaml = `name: b\ntitle: B\nparams:\n  a: { type: boolean, default: true }\n  v: { default: 'x y' }\nsteps:\n  - id: s\n    run: "echo {{#if a}}'yes'{{else}}'no'{{/if}} {{v}}"\n`;
    expect(runText(await compile(yaml))).toBe("echo 'yes' 'x y'");
  });

  it('allows a secret only as a bare {{name}} (or in a condition)', async () => {
    for (const use of ['{{upper token}}', '{{raw token}}', '{{default token "x"}}', '{{trim token}}']) {
      const diags = await diagnosticsOf(base + `steps:\n  - id: a\n    run: login ${use}\n`);
      expect(diags[0], use).toMatchObject({ code: 'template.secret-helper' });
    }
    const plan = await compile(base + 'steps:\n  - id: a\n    run: login{{#if token}} --token {{token}}{{/if}}\n', { token: 's3cr3t' });
    expect(runText(plan)).toBe('login --token "${RUNBOOK_SECRET_TOKEN}"');
  });

  it('collects secret env values of probes and rollbacks for redaction', async () => {
    const yaml = `name: s\ntitle: S\npreconditions:\n  - run: 'true'\n    env: { PT: { from_env: PRE_TOKEN, secret: true } }\nsteps:\n  - id: a\n    run: 'true'\n    check: { run: 'true', env: { CT: { from_env: CHECK_TOKEN, secret: true } } }\n    rollback: { run: 'true', env: { RT: { from_env: RB_TOKEN, secret: true } } }\n`;
    const plan = await compile(yaml, {}, { PRE_TOKEN: 'pre-secret', CHECK_TOKEN: 'check-secret', RB_TOKEN: 'rb-secret' });
    expect(collectSecrets(plan).sort()).toEqual(['check-secret', 'pre-secret', 'rb-secret']);
  });

  it('rejects durations a timer cannot wait for, and a zero timeout', async () => {
    const long = await diagnosticsOf(base + 'steps:\n  - id: a\n    run: "true"\n    timeout: 600h\n');
    expect(long[0]).toMatchObject({ code: 'duration.range', location: { line: 12 } });
    const zero = await diagnosticsOf(base + 'steps:\n  - id: a\n    run: "true"\n    timeout: 0\n');
    expect(zero[0]!.code).toBe('duration.range');
    expect((await compile(base + 'steps:\n  - id: a\n    run: "true"\n    delay: 0\n')).steps[0]!.delayMs).toBe(0);
  });

  it('does not count {{json x}} as a raw insertion: its output is quoted', async () => {
    const plan = await compile(base + 'steps:\n  - id: a\n    run: echo {{json mode}}\n');
    expect(plan.warnings).toEqual([]);
    expect(runText(plan)).toBe(`echo '"safe"'`);
  });
});

describe('parameters under --sandbox', () => {
  const yaml = base.replace("  dir: { default: /data, pattern: '/[a-z/]+' }\n", "  dir: { default: /data }\n  other: { default: /srv/real }\n") +
    "sandbox:\n  params:\n    dir: '{{sandbox.dir}}/data'\nsteps:\n  - id: a\n    run: ls {{dir}} {{other}}\n";
  const sandbox = { dir: '/tmp/sbx' };

  it('keeps a mapped parameter in the sandbox even when RUNBOOK_PARAM_* points elsewhere', async () => {
    const plan = await compilePlaybook(loadPlaybookText('demo.yaml', yaml), { env: { RUNBOOK_PARAM_DIR: '/opt/real' }, sandbox });
    expect(runText(plan)).toBe('ls /tmp/sbx/data /srv/real');
  });

  it('refuses --param for a mapped parameter', async () => {
    await expect(compilePlaybook(loadPlaybookText('demo.yaml', yaml), { env: {}, sandbox, params: { dir: '/opt/real' } })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'param.sandboxed' })],
    });
  });

  it('warns about an unmapped absolute path that stays on the real host', async () => {
    const plan = await compilePlaybook(loadPlaybookText('demo.yaml', yaml), { env: {}, sandbox });
    expect(plan.warnings.map((w) => w.code)).toEqual(['param.outside-sandbox']);
    expect(plan.warnings[0]!.message).toContain('other');
  });
});

describe('a pattern that backtracks catastrophically', () => {
  it('fails fast with a clear error instead of hanging the compile', async () => {
    const yaml = "name: r\ntitle: R\nparams:\n  v: { pattern: '(a+)+' }\nsteps:\n  - id: a\n    run: echo {{v}}\n";
    // Without the guard this match runs for hours (the test would hit its timeout).
    const diags = await diagnosticsOf(yaml, { v: 'a'.repeat(40) + 'b' });
    expect(diags[0]).toMatchObject({ code: 'param.constraint' });
    expect(diags[0]!.message).toContain('took too long');
    expect(runText(await compile(yaml, { v: 'aaaa' }))).toBe('echo aaaa');
  });
});
