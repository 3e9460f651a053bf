// Separates the wrapper's records (`\x1e<nonce> <kind> <value>\n` on stderr) from the command's own output, across chunks.

export const RECORD_START = 0x1e;

/** A stream filter: bytes that are not a record go to `onData` (in order, as soon as they cannot start one), records to `onRecord`. */
export class MarkerFilter {
  private readonly prefix: Buffer;
  private pending: Buffer | undefined;

  constructor(
    nonce: string,
    private readonly onData: (chunk: Buffer) => void,
    private readonly onRecord: (kind: string, value: string) => void,
  ) {
    this.prefix = Buffer.from(`\x1e${nonce} `, 'latin1');
  }

  push(chunk: Buffer): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    for (;;) {
      const at = buf.indexOf(this.prefix);
      if (at === -1) {
        const keep = this.partialStart(buf);
        if (keep > 0) this.emit(buf.subarray(0, keep));
        if (keep < buf.length) this.pending = buf.subarray(keep);
        return;
      }
      const end = buf.indexOf(0x0a, at + this.prefix.length);
      if (end === -1) {
        this.emit(buf.subarray(0, at));
        // A record is short; a long line after the prefix was never one.
        if (buf.length - at > 512) this.emit(buf.subarray(at));
        else this.pending = buf.subarray(at);
        return;
      }
      this.emit(buf.subarray(0, at));
      const record = buf.subarray(at + this.prefix.length, end).toString('latin1');
      const space = record.indexOf(' ');
      this.onRecord(space === -1 ? record : record.slice(0, space), space === -1 ? '' : record.slice(space + 1));
      buf = buf.subarray(end + 1);
    }
  }

  /** Flushes what was held back (the stream ended inside something that looked like a record). */
  end(): void {
    if (this.pending) this.emit(this.pending);
    this.pending = undefined;
  }

  private emit(chunk: Buffer): void {
    if (chunk.length > 0) this.onData(chunk);
  }

  /** Where a possible start of the prefix begins at the end of `buf` (buf.length when none). */
  private partialStart(buf: Buffer): number {
    const from = Math.max(0, buf.length - this.prefix.length + 1);
    for (let i = buf.indexOf(RECORD_START, from); i !== -1; i = buf.indexOf(RECORD_START, i + 1)) {
      if (this.prefix.subarray(0, buf.length - i).equals(buf.subarray(i))) return i;
    }
    return buf.length;
  }
}
