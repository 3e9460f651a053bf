// The first code of the live view's thread (src/ui/ink/view-thread.ts), built as dist/ink-worker.js: nothing but
// built-in modules before it runs. V8 configures a new thread's heap with a young-generation growth factor of at
// least 2, written into the flag, which is the process's: bin/runbook.js's `--semi-space-growth-factor=1` is undone
// until set again (the run's thread sets it again as soon as it sees the change: startKeepingYoungGeneration). The
// flags the run's thread set are set again here, before the view's modules load (src/ui/ink/view-worker.ts records
// them for the view's code cache, bin/code-cache.js).
import { setFlagsFromString } from 'node:v8';
import { workerData } from 'node:worker_threads';

for (const flag of (workerData as { v8Flags: string[] }).v8Flags) setFlagsFromString(flag);
// The real stdout is the view's: what this thread's own process.stdout gets (a library's message) goes to stderr.
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
await import('./view-worker.js');
