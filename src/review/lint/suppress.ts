// Suppression comments: `# runbook-lint: disable=<rule>[,<rule>]` on a finding's line or the line above it,
// `# runbook-lint: disable-file=<rule>[,<rule>]` anywhere for the whole file.

const COMMENT = /#\s*runbook-lint:\s*(disable|disable-file)=([a-z0-9,\s-]+)/;

function rulesIn(line: string | undefined, kind: 'disable' | 'disable-file'): string[] {
  const m = line === undefined ? null : COMMENT.exec(line);
  if (!m || m[1] !== kind) return [];
  return m[2]!.split(',').map((r) => r.trim()).filter(Boolean);
}

/** A predicate telling whether a finding of `rule` at `line` (1-based) is suppressed in this source. */
export function suppressions(source: string): (rule: string, line: number) => boolean {
  if (!source.includes('runbook-lint:')) return () => false;
  const lines = source.split(/\r?\n/);
  const fileWide = new Set(lines.flatMap((l) => rulesIn(l, 'disable-file')));
  return (rule, line) => {
    if (fileWide.has(rule) || fileWide.has('all')) return true;
    const here = [...rulesIn(lines[line - 1], 'disable'), ...rulesIn(lines[line - 2], 'disable')];
    return here.includes(rule) || here.includes('all');
  };
}
