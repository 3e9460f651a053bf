// A line diff of two texts in unified format (`-old` / `+new` lines with context), for changed commands.

type Op = { op: ' ' | '-' | '+'; line: string };

/** Longest-common-subsequence line diff; texts past `maxLines` are shown as a whole replacement. */
function diffLines(a: string[], b: string[], maxLines = 2000): Op[] {
  if (a.length > maxLines || b.length > maxLines) {
    return [...a.map((line) => ({ op: '-' as const, line })), ...b.map((line) => ({ op: '+' as const, line }))];
  }
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      ops.push({ op: '-', line: a[i++]! });
    } else {
      ops.push({ op: '+', line: b[j++]! });
    }
  }
  while (i < n) ops.push({ op: '-', line: a[i++]! });
  while (j < m) ops.push({ op: '+', line: b[j++]! });
  return ops;
}

/** The diff lines (`-x`, `+y`, ` z`), keeping `context` unchanged lines around each change. */
export function unifiedDiff(before: string, after: string, context = 3): string[] {
  const ops = diffLines(before.split('\n'), after.split('\n'));
  const keep = ops.map(() => false);
  ops.forEach((o, k) => {
    if (o.op === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) keep[d] = true;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((o, k) => {
    if (!keep[k]) {
      if (!skipped) out.push('@@');
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`${o.op}${o.line}`);
  });
  if (out[out.length - 1] === '@@') out.pop();
  if (out[0] === '@@') out.shift();
  return out;
}

/** The diff of a field that may be absent on one side (all `+` or all `-` lines then); trailing newlines ignored. */
export function fieldDiff(before: string | undefined, after: string | undefined): string[] {
  const trim = (s: string) => s.replace(/\n+$/, '');
  if (before === undefined) return trim(after ?? '').split('\n').map((l) => `+${l}`);
  if (after === undefined) return trim(before).split('\n').map((l) => `-${l}`);
  return unifiedDiff(trim(before), trim(after));
}
