// The live Ink reporter for interactive terminals: throttled renders of the run view, confirm gates in the UI.
import type { Reporter } from '../../engine/events.js';
import type { ReporterOptions } from '../reporter.js';
import { createPlainReporter } from '../plain.js';

export async function createInkReporter(options: ReporterOptions): Promise<Reporter> {
  // Placeholder until the view lands: plain lines keep `play` usable.
  return createPlainReporter(options);
}
