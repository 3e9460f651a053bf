// Regenerates the golden files of the invalid-playbook corpus (test/fixtures/playbooks/invalid/*.expected.txt).
// Usage: npm run build && node scripts/update-validate-golden.mjs [case-name ...]
// Review the diff: each .expected.txt is exactly what `runbook validate <case>` prints, in English, without colour.
import { writeFileSync } from 'node:fs';
import { expectedPath, listCases, renderCase } from '../test/fixtures/playbooks/golden.mjs';

const only = process.argv.slice(2);
const cases = listCases().filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)));
for (const name of cases) {
  writeFileSync(expectedPath(name), await renderCase(name));
  console.log(`updated ${expectedPath(name).replace(process.cwd() + '/', '')}`);
}
