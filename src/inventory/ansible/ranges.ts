// Ansible host ranges: `www[01:50].example.com`, `db-[a:f]`, `node[0:10:2]` (start:end[:stride], both ends included).

/** Expands every `[start:end(:stride)]` of a host pattern; throws RangeError when a range is malformed. */
export function expandHostRange(pattern: string): string[] {
  const match = /\[([^\]]*)\]/.exec(pattern);
  if (!match) return [pattern];
  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + match[0].length);
  const parts = match[1]!.split(':');
  if (parts.length < 2 || parts.length > 3) throw new RangeError(pattern);
  const [start = '', end = '', strideText = '1'] = parts;
  const stride = Number(strideText);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(pattern);
  const items: string[] = [];
  if (/^\d+$/.test(end) && /^\d*$/.test(start)) {
    const from = Number(start || '0');
    const to = Number(end);
    if (from > to) throw new RangeError(pattern);
    // A leading zero keeps the width: [01:10] → 01 … 10.
    const width = start.startsWith('0') && start.length > 1 ? start.length : 0;
    for (let i = from; i <= to; i += stride) items.push(String(i).padStart(width, '0'));
  } else if (/^[a-zA-Z]$/.test(start) && /^[a-zA-Z]$/.test(end) && start <= end) {
    for (let c = start.charCodeAt(0); c <= end.charCodeAt(0); c += stride) items.push(String.fromCharCode(c));
  } else {
    throw new RangeError(pattern);
  }
  return items.flatMap((item) => expandHostRange(`${head}${item}${tail}`));
}
