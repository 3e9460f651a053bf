// How a step kind is told in plans: the writers it gets from the text plan (src/ui/plan-text.ts) and the
// Markdown plan (src/review/plan-markdown.ts) — their layout, masking and escaping — so that the kind says
// only what its action is.
import type { CompiledPlan, PlanProbeAction, Rendered } from '../engine/plan.js';
import type { Lang } from '../engine/text.js';
import type { Translator } from '../i18n/index.js';
import type { PlanKey } from '../i18n/plan.js';
import type { ReviewKey } from '../i18n/review.js';

export interface PlanTextWriter {
  readonly lang: Lang;
  /** The plan's shared words: `paren`, `comma`, `timeout`, … */
  readonly t: Translator<PlanKey>;
  /** `word      body`: the label padded to the plan's column, further lines of the body aligned under its first; `marker` (`$ `) between. */
  labelled(word: string, body: string, marker?: string): string[];
  /** A probe's action on one line: `$ command`, or the request and what it expects. */
  probe(action: PlanProbeAction): string;
  /** An included plan's parameters and steps, indented under the step that includes it. */
  included(plan: CompiledPlan): string[];
  /** A value drawn inside one line (a URL): its line breaks shown as `␤`, as the plan shows every such value. */
  oneLine(text: string): string;
}

export interface PlanMarkdownWriter {
  readonly lang: Lang;
  /** The review's shared words: `colon`, … */
  readonly t: Translator<ReviewKey>;
  /** A fenced code block of `text` as it is. */
  fence(text: string, info: string): string;
  /** Text as a plan may show it: secrets masked, very long text cut with a note. */
  shown(text: string): string;
  /** Secrets masked. */
  masked(text: string): string;
  /** Markdown that playbook text cannot break out of. */
  escape(text: string): string;
  /** Inline code. */
  code(text: string): string;
  /** A value that is one line of a block (a URL, a header's value): its line breaks shown as `␤`, as every one-line value. */
  oneLine(text: string): string;
  /** A collapsed section. */
  details(summary: string, body: string): string;
  /** A template's block (`sh`), with a note when it is rendered at run time from step outputs. */
  template(template: Rendered): string;
  /** A probe's action as a block. */
  probe(action: PlanProbeAction): string;
  /** An included plan, its headings nested under the step; `file` is the path as the step writes it. */
  included(plan: CompiledPlan, file: string): string;
}
