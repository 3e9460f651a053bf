// Entry of dist/fast/ink.cjs: the live view's libraries (Ink, React, Yoga) as one CommonJS bundle, so that their
// compiled code is cached between runs (bin/code-cache.js; Node 20 caches no ES module). scripts/build.mjs bundles
// it and points every `ink`, `react` and `react/jsx-runtime` of the CLI's own code here; the view waits for `ready`
// (Yoga's WebAssembly) before it draws (scripts/ink-patches.mjs says why it is not a top-level await).
export * as ink from 'ink';
export * as react from 'react';
export * as jsxRuntime from 'react/jsx-runtime';
export { ready } from 'yoga-layout';
