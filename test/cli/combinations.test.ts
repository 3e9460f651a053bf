// The features of issues 15 and 16 together through the CLI: a plan with hosts, loops, secrets and a selection.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('plan --inventory: each host\'s commands', () => {
  it('mask a secret wherever its value stands, and leave out the steps the selection leaves out', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'inventory.yaml'), 'hosts:\n  web-1: { address: 127.0.0.1 }\n  web-2: { address: 127.0.0.2 }\n');
    writeFileSync(
      join(dir, 'play.yaml'),
      `name: fleet
title: fleet
targets: all
params:
  token: { type: string, secret: true, default: hunter22xyz }
steps:
  - id: login
    run: echo hunter22xyz {{token}}
  - id: restart
    for_each: [api, hunter22xyz]
    run: echo {{item}} {{host.name}}
`,
    );
    const env = { RUNBOOK_HOME: join(dir, 'home'), RUNBOOK_INVENTORY: join(dir, 'inventory.yaml') };
    for (const format of ['text', 'markdown', 'json']) {
      const result = await runbook(['plan', join(dir, 'play.yaml'), '--format', format], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('web-2');
      expect(result.stdout).not.toContain('hunter22xyz');
    }
    const text = await runbook(['plan', join(dir, 'play.yaml'), '--skip', 'restart'], { env });
    expect(text.stdout).toContain('On web-1 (127.0.0.1):\n  login: echo •••••• "${RUNBOOK_SECRET_TOKEN}"\n\nOn web-2');
    const json = JSON.parse((await runbook(['plan', join(dir, 'play.yaml'), '--format', 'json', '--only', 'restart'], { env })).stdout) as { rollout: { hosts: { steps: { id: string }[] }[] } };
    expect(json.rollout.hosts.map((h) => h.steps.map((s) => s.id))).toEqual([
      ['restart[1]', 'restart[2]'],
      ['restart[1]', 'restart[2]'],
    ]);
  });
});
