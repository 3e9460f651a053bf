// Lint contracts: a rule (id, severity, docs) looks at a loaded playbook and reports findings with file:line:col.
import type { LoadedPlaybook, YamlPath } from '../../engine/loaded.js';
import type { Playbook } from '../../engine/playbook.gen.js';
import type { Lang } from '../../engine/text.js';
import type { Translator } from '../../i18n/index.js';
import type { ReviewKey } from '../../i18n/review.js';
import type { PlaybookSites } from './sites.js';

export type Severity = 'error' | 'warning';

export interface LintFinding {
  rule: string;
  severity: Severity;
  message: string;
  hint?: string;
  file: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
  /** Set on findings in a playbook linted only because another one includes it: that include step. */
  includedFrom?: IncludedFrom;
}

/** The `playbook:` include step (its `path`) that brought a file into the lint, as file:line:col. */
export interface IncludedFrom {
  file: string;
  line: number;
  col: number;
}

/** Where a finding points: a YAML path, optionally a character offset inside the template there. */
export interface FindingDraft {
  message: string;
  hint?: string;
  path: YamlPath;
  /** Offset inside the string at `path` (a template), to point at the exact words. */
  offset?: number;
  /** 1-based line and column inside the template at `path` (as template parsing reports them). */
  at?: { line: number; col: number };
  /** Point at the key (`default:`) rather than the value. */
  key?: boolean;
}

export interface LintContext {
  loaded: LoadedPlaybook;
  playbook: Readonly<Playbook>;
  sites: PlaybookSites;
  lang: Lang;
  t: Translator<ReviewKey>;
  /** What the playbooks including this one give it; all false for a file linted in its own right. */
  included: IncludeContext;
}

/**
 * For a playbook linted only because others include it: what holds for every way in (as far as lint
 * followed the includes), each include step or the playbook around it.
 */
export interface IncludeContext {
  /** A `confirm` step comes before the include step, in the same list. */
  gated: boolean;
  /** The including playbook runs `docker compose up` in `finally`. */
  upInFinally: boolean;
}

export const NOT_INCLUDED: IncludeContext = Object.freeze({ gated: false, upInFinally: false });

export interface LintRule {
  id: string;
  severity: Severity;
  /** One line: what the rule finds. */
  summary: { en: string; 'zh-CN': string };
  check(ctx: LintContext): FindingDraft[];
}
