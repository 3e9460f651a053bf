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
  writeFileSync(new URL('src/engine/playbook.gen.ts', root), await generateTypes());
  writeFileSync(new URL('src/engine/schema-validator.gen.js', root), generateValidator());
  console.log('generated src/engine/playbook.gen.ts and src/engine/schema-validator.gen.js');
}
