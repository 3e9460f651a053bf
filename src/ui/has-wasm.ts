// Whether this Node has WebAssembly: the live view's layout engine (Yoga, in Ink) needs it, and `node --jitless`
// (on the command line or in NODE_OPTIONS) runs without it.
export function hasWebAssembly(): boolean {
  return typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object';
}
