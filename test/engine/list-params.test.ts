// List parameters (`type: array`): given comma-separated or as JSON, each item checked like a scalar, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../src/engine/compile.js';
import { InvalidPlaybookError, type Diagnostic } from '../../src/engine/errors.js';
import { loadPlaybookText } from '../../src/engine/load.js';
import type { CompiledPlan } from '../../src/engine/plan.js';
import type { Lang } from '../../src/engine/text.js';

const yaml = `name: demo
title: Demo
params:
  services:
    type: array
    min: 1
    max: 3
    items: { enum: [api, mlflow, redis] }
    default: [api]
  ports:
    type: array
    items: { type: integer, min: 1, max: 65535 }
    default: [80]
steps:
  - id: a
    run: echo {{services}} {{ports}}
`;

function compile(params: Record<string, string>, lang: Lang = 'en', source = yaml): Promise<CompiledPlan> {
  return compilePlaybook(loadPlaybookText('demo.yaml', source), { params, env: {}, lang });
}

async function diagnostics(params: Record<string, string>, lang: Lang = 'en', source = yaml): Promise<readonly Diagnostic[]> {
  try {
    await compile(params, lang, source);
  } catch (error) {
    if (error instanceof InvalidPlaybookError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the compile to fail');
}

describe('list parameters', () => {
  it('takes a list comma-separated or as a JSON array, items converted to their type', async () => {
    const plan = await compile({ services: 'api, mlflow', ports: '[8080, "9090"]' });
    expect(plan.params.map((p) => [p.name, p.type, p.value])).toEqual([
      ['services', 'array', ['api', 'mlflow']],
      ['ports', 'array', [8080, 9090]],
    ]);
    expect(plan.params[0]!.items).toEqual({ type: 'string', enum: ['api', 'mlflow', 'redis'] });
    const defaults = await compile({});
    expect(defaults.params.map((p) => p.value)).toEqual([['api'], [80]]);
  });

  it('says which item is wrong and why, in English and Chinese', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ services: 'api,nginx' }, 'parameter services[2] must be one of "api", "mlflow", "redis"; got "nginx"', '参数 services[2] 必须是 "api", "mlflow", "redis" 之一；收到的是 "nginx"'],
      [{ ports: '80,http' }, 'parameter `ports[2]`: expected an integer; got "http"', '参数 `ports[2]`：应为整数；收到的是 "http"'],
      [{ ports: '[80, 70000]' }, 'parameter ports[2] value must be at most 65535; got 70000', '参数 ports[2] 的值至多为 65535；实际为 70000'],
      [{ services: 'api,mlflow,redis,api' }, 'parameter services must have at most 3 items; got 4', '参数 services 至多只能有 3 项；实际为 4 项'],
      [{ services: '' }, 'parameter services must have at least 1 items; got 0', '参数 services 至少要有 1 项；实际为 0 项'],
    ];
    for (const [params, en, zh] of cases) {
      expect((await diagnostics(params)).map((d) => d.message)).toEqual([en]);
      expect((await diagnostics(params, 'zh-CN')).map((d) => d.message)).toEqual([zh]);
    }
    const json = await diagnostics({ services: '["api", {"x": 1}]' });
    expect(json.map((d) => d.message)).toEqual(['parameter `services`: expected a list: comma-separated (a,b) or a JSON array (["a","b"]) of strings, numbers or booleans; got "[\\"api\\", {\\"x\\": 1}]"']);
  });

  it('a bad default is located at its parameter; keys that do not apply to a list are errors at validate time', async () => {
    const bad = yaml.replace('default: [80]', 'default: [80, 0]');
    expect(await diagnostics({}, 'en', bad)).toMatchObject([{ message: 'parameter ports[2] value must be at least 1; got 0', location: { line: 11, col: 5 } }]);
    const misused = `name: demo\ntitle: Demo\nparams:\n  s: { type: array, secret: true }\n  t: { items: { type: integer } }\nsteps:\n  - id: a\n    run: echo {{s}}\n`;
    expect((await diagnostics({}, 'en', misused)).map((d) => [d.code, d.message])).toEqual([
      ['param.array-key', 'param `s` is a list: `secret` does not apply to it'],
      ['param.items-type', 'param `t` has `items` but is not of type array: add `type: array`, or remove `items`'],
    ]);
  });

  it('plans show a list as JSON', async () => {
    const { renderPlanText } = await import('../../src/ui/plan-text.js');
    const text = renderPlanText(await compile({ services: 'api,redis' }), { lang: 'en' });
    expect(text).toContain('services  ["api","redis"]  (given)');
  });
});
