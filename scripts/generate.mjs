// Regenerates what derives from the playbook schema: TypeScript types and the standalone validator.
// Run `npm run generate` after editing runbooks/schemas/playbook.schema.json (a test checks it was).
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = new URL('..', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('runbooks/schemas/playbook.schema.json', root), 'utf8'));

export async function generateTypes() {
  const ts = await compile(schema, 'Playbook', {
    bannerComment:
      '/* Generated from runbooks/schemas/playbook.schema.json by `npm run generate`. Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: true },
  });
  return ts;
}

export function generateValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false, code: { source: true, esm: true, lines: true }, verbose: false });
  const validate = ajv.compile(schema);
  const code = standaloneCode.default ? standaloneCode.default(ajv, validate) : standaloneCode(ajv, validate);
  return '// Generated from runbooks/schemas/playbook.schema.json by `npm run generate`. Do not edit.\n// @ts-nocheck\n/* eslint-disable */\n' + code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outputs = [
    ['src/engine/playbook.gen.ts', await generateTypes()],
    ['src/engine/schema-validator.gen.js', generateValidator()],
  ];
  if (process.argv.includes('--check')) {
    const stale = outputs.filter(([path, text]) => readFileSync(new URL(path, root), 'utf8') !== text).map(([path]) => path);
    if (stale.length) {
      console.error(`out of date with runbooks/schemas/playbook.schema.json: ${stale.join(', ')}\nrun: npm run generate`);
      process.exit(1);
    }
    console.log('generated files are up to date');
  } else {
    for (const [path, text] of outputs) writeFileSync(new URL(path, root), text);
    console.log(`generated ${outputs.map(([p]) => p).join(' and ')}`);
  }
}
