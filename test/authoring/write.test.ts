// writeDraftFile: a draft (a recorded session, the wizard's answers) is never lost and never written over a file that
// appeared after the command checked the name was free — two `runbook record` started in the same second share their
// default name. It goes beside, under the first free numbered name; --force still overwrites.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftFromAnswers } from '../../src/authoring/new/model.js';
import { writeDraftFile } from '../../src/authoring/write.js';
import { tempDir } from '../helpers/temp-dir.js';
import { t } from './helpers.js';

const draft = () => draftFromAnswers({ name: 'restart-api', title: 'Restart the API', risk: 'low', params: [], steps: [{ run: 'docker compose restart api' }] }, t, 'en');

describe('writeDraftFile', () => {
  it('writes the name asked for when it is free', async () => {
    const cwd = tempDir('runbook-write-');
    const written = await writeDraftFile(draft(), 'restart-api.yaml', { cwd });
    expect(written.file).toBe('restart-api.yaml');
    expect(written.wanted).toBeUndefined();
    expect(readFileSync(join(cwd, 'restart-api.yaml'), 'utf8')).toBe(written.text);
  });

  it('goes to the first free numbered name when the file appeared meanwhile, and leaves that file as it was', async () => {
    const cwd = tempDir('runbook-write-');
    writeFileSync(join(cwd, 'restart-api.yaml'), 'theirs\n');
    writeFileSync(join(cwd, 'restart-api-2.yaml'), 'theirs too\n');
    const written = await writeDraftFile(draft(), 'restart-api.yaml', { cwd });
    expect(written).toMatchObject({ file: 'restart-api-3.yaml', wanted: 'restart-api.yaml' });
    expect(readFileSync(join(cwd, 'restart-api-3.yaml'), 'utf8')).toBe(written.text);
    expect(written.text).toContain('docker compose restart api');
    expect(readFileSync(join(cwd, 'restart-api.yaml'), 'utf8')).toBe('theirs\n');
    expect(readFileSync(join(cwd, 'restart-api-2.yaml'), 'utf8')).toBe('theirs too\n');
  });

  it('numbers a name in a folder before its extension, and one without an extension at its end', async () => {
    const cwd = tempDir('runbook-write-');
    writeFileSync(join(cwd, 'draft'), 'theirs\n');
    expect((await writeDraftFile(draft(), 'draft', { cwd })).file).toBe('draft-2');
    const sub = join(cwd, 'runbooks.d');
    await writeDraftFile(draft(), 'runbooks.d/restart.yaml', { cwd });
    expect((await writeDraftFile(draft(), 'runbooks.d/restart.yaml', { cwd })).file).toBe('runbooks.d/restart-2.yaml');
    expect(readFileSync(join(sub, 'restart-2.yaml'), 'utf8')).toContain('docker compose restart api');
  });

  it('overwrites with force, as before', async () => {
    const cwd = tempDir('runbook-write-');
    writeFileSync(join(cwd, 'restart-api.yaml'), 'old\n');
    const written = await writeDraftFile(draft(), 'restart-api.yaml', { cwd, force: true });
    expect(written).toMatchObject({ file: 'restart-api.yaml' });
    expect(written.wanted).toBeUndefined();
    expect(readFileSync(join(cwd, 'restart-api.yaml'), 'utf8')).toBe(written.text);
  });
});
