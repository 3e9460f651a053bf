// Lint reads the templates of hooks and of `become` like every other: a raw insertion in an on_failure
// command is found at its line, a destructive hook without a gate too, and become templates are sites.
import { describe, expect, it } from 'vitest';
import { loadPlaybookText } from '../../src/engine/load.js';
import { lintPlaybook } from '../../src/review/lint/lint.js';
import { playbookSites } from '../../src/review/lint/sites.js';
import { rules } from '../../src/review/lint/rules/index.js';

const PLAYBOOK = `name: demo
title: Demo
description: A demo.
become: '{{svc_user}}'
params:
  flags: { default: -v }
  svc_user: { default: deploy }
steps:
  - id: a
    become: root
    run: 'true'
    verify: 'true'
on_failure:
  - id: dump
    run: docker compose logs {{raw flags}} api
`;

describe('lint of hooks and become', () => {
  const loaded = loadPlaybookText('demo.yaml', PLAYBOOK, { lang: 'en' });

  it('finds a raw insertion in a hook at its line', () => {
    const found = lintPlaybook(loaded, { lang: 'en', rules: rules.filter((r) => r.id === 'raw-template') });
    expect(found).toMatchObject([{ line: 15, col: 36 }]);
  });

  it('lists the hooks steps and the become templates as sites', () => {
    const sites = playbookSites(loaded);
    expect(sites.steps.map((s) => [s.list, s.step.id])).toEqual([['steps', 'a'], ['on_failure', 'dump']]);
    const paths = sites.templates.map((t) => t.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['become', 'steps.0.become', 'on_failure.0.run']));
  });
});
