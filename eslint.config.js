// Lint configuration: typescript-eslint recommended rules over src/, test/ and bench/, module boundaries and size limits in src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries (docs/architecture.md, "Boundaries"). Imports inside src/ are relative, so a rule
// matches `../` (any depth) followed by the folder's name. One block per folder: a later
// `no-restricted-imports` for the same file would replace, not add to, an earlier one.
const up = String.raw`^(?:\.\.\/)+`;
const folders = (names) => `(?:${names.join('|')})(?:\\/|$)`;
const why = ' See docs/architecture.md, "Boundaries".';
const layersAbove = ['ui', 'cli', 'review', 'authoring', 'serve'];

/**
 * Lint rules for `files` that refuse imports matching any of `rules` ({ regex, message }): static imports and
 * re-exports (no-restricted-imports), and `import()` and `typeof import()` too, which that rule does not see.
 */
function boundary(files, rules) {
  const patterns = rules.map(({ regex, message }) => ({ regex, message: message + why }));
  const syntax = patterns.flatMap(({ regex, message }) => [
    { selector: `ImportExpression[source.value=/${regex}/]`, message },
    { selector: `TSImportType[source.value=/${regex}/]`, message },
  ]);
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }], 'no-restricted-syntax': ['error', ...syntax] } };
}

function boundaries() {
  return [
    // The engine reports through events and never prints; the layers above it depend on it, not the reverse.
    boundary(['src/engine/**'], [
      {
        regex: up + folders(layersAbove),
        message: 'src/engine must not import the reporters, the CLI, review, authoring or the server: it emits events and they build on it.',
      },
    ]),
    // A step kind knows the model (the plan and its types, events, the loaded playbook, text, durations),
    // never the engine's internals (run/, compile/, journal, lock, ...): those call the kinds, so reaching
    // back would make a cycle. process, i18n, notify and remote are open to it.
    boundary(['src/steps/**'], [
      {
        regex: up + String.raw`engine\/(?!(?:plan|playbook\.gen|events|loaded|text|duration)\.js$)`,
        message: 'src/steps may import from src/engine only the model (plan, playbook.gen, events, loaded, text, duration), not its internals.',
      },
      {
        regex: up + folders(layersAbove),
        message: 'src/steps must not import the reporters, the CLI, review, authoring or the server: they ask the step kinds, not the reverse.',
      },
    ]),
    // Messages are a leaf: everything may use them, they use nothing (the language type lives in src/i18n/lang.ts).
    boundary(['src/i18n/**'], [
      {
        regex: up + folders(['engine', 'steps', 'sandbox', ...layersAbove]),
        message: 'src/i18n must not import the engine or the layers above it: every module uses the messages, so the messages use none of them.',
      },
    ]),
    // The byte routines (WebAssembly) are a leaf: the engine and the reporters both use them.
    boundary(['src/bytes/**'], [
      {
        regex: up + folders(['engine', 'steps', 'process', 'i18n', 'shell', 'remote', 'notify', 'inventory', 'sandbox', ...layersAbove]),
        message: 'src/bytes (byte routines in WebAssembly) is a leaf that src/engine and src/ui both use: it imports no other folder of src/.',
      },
    ]),
    // Process groups, the shell and sleep are neutral ground that steps and the engine both stand on.
    boundary(['src/process/**'], [
      {
        regex: up + folders(['engine', 'steps', ...layersAbove]),
        message: 'src/process is neutral (process groups, the shell, sleep) that src/engine and src/steps both use: it imports neither them nor the layers above.',
      },
    ]),
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/**/*.gen.*', '**/.runbook/**', 'coverage/**', '.tmp*/**', '.dist-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error'],
    },
  },
  ...boundaries(),
  {
    // Small files and functions (docs/architecture.md, "Boundaries"); generated code (*.gen.*) is ignored above.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    // bin/ is CommonJS (bin/package.json): the entry point starts without the ES module loader.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Only the CLI and reporters talk to the terminal; scripts and benchmarks print their results.
    files: ['src/cli/**', 'src/ui/**', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
