// Types of bin/code-cache.js, for the CLI's own code (which imports setV8Flags) and the tests.
/** Where the code cache of `file` lives, for V8's cached-data tag `tag` (by default the tag of the moment: V8 version, every flag's value, CPU features). */
export function cachePath(file: string, tag?: number): string;
/** Loads a CommonJS bundle as require() would, compiled with its code cache; returns its exports. */
export function requireWithCodeCache(file: string): unknown;
/** Runs a CommonJS bundle as require() would, compiled with its code cache, on any Node (the caller chose this cache over Node's own). */
export function runWithCodeCache(file: string): void;
/** Sets V8 flags for the rest of the process (each one `--flag` or `--flag=value`), and records them for the code caches. */
export function setV8Flags(...flags: string[]): void;
/** Whether Node was started with a flag of its own about V8's compilers (`--jitless`, `--no-opt`, `--max-opt=…`). */
export function ownCompilerFlags(execArgv?: readonly string[]): boolean;
/** Until the returned function is called, flags set through setV8Flags on this thread wait (a compile on another thread is under way). */
export function holdV8Flags(): () => void;
/** The flags set through setV8Flags so far, for another thread to adopt. */
export function v8FlagsSet(): string[];
/** A new thread takes the record of the flags the thread that started it set (its first code set them again). */
export function adoptV8Flags(flags: readonly string[]): void;
/** Starts a worker thread (`start`), setting again the young-generation growth factor V8 resets as the thread makes its heap. */
export function startKeepingYoungGeneration<T>(start: () => T, timeoutMs?: number): T;
