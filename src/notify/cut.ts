// Cutting a message to a byte limit (WeChat Work's markdown takes 4096 bytes of UTF-8) with a marker that says so.

/** The most bytes of UTF-8 a WeChat Work robot's markdown `content` takes. */
export const WECOM_MARKDOWN_BYTES = 4096;

/** The marker put where a message was cut: visible in any client, in both languages. */
export function cutMarker(bytesCut: number): string {
  return `\n\n✂ … (${bytesCut} bytes cut / 已截断 ${bytesCut} 字节)`;
}

/**
 * The text if it fits in `limit` bytes of UTF-8; else its beginning, cut at a character boundary (never
 * inside a character or a surrogate pair), followed by the marker, the whole within the limit.
 */
export function cutToBytes(text: string, limit: number): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limit) return text;
  // The marker's length depends on the number it shows: size it for the largest it can be.
  const room = limit - Buffer.byteLength(cutMarker(bytes), 'utf8');
  if (room <= 0) return cutMarker(bytes).slice(0, limit);
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > room) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end) + cutMarker(bytes - used);
}
