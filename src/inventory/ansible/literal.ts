// Values of an Ansible INI inventory: Python literals as `ast.literal_eval` reads the simple ones; anything else is text.

export interface IniValue {
  value: unknown;
  /** A Python list, dict or tuple, kept as text. */
  complex?: boolean;
}

const INT = /^[+-]?(?:0|[1-9](?:_?\d)*)$/;
const FLOAT = /^[+-]?(?:(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)$/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** A quoted Python string's content, or undefined when `text` is not one whole quoted string. */
function pythonString(text: string): string | undefined {
  const quote = text[0];
  if ((quote !== "'" && quote !== '"') || text.length < 2 || text[text.length - 1] !== quote) return undefined;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c === quote) return undefined;
    if (c === '\\' && i + 1 < text.length - 1) {
      const next = text[++i]!;
      out += ESCAPES[next] ?? `\\${next}`;
    } else out += c;
  }
  return out;
}

/** The literal a value spells (with a trailing `# comment` allowed, as Python allows), else undefined. */
function literal(text: string): IniValue | undefined {
  if (INT.test(text)) return { value: Number(text.replace(/_/g, '')) };
  if (FLOAT.test(text)) return { value: Number(text) };
  if (text === 'True' || text === 'False') return { value: text === 'True' };
  if (text === 'None') return { value: null };
  const s = pythonString(text);
  if (s !== undefined) return { value: s };
  if (/^[[{(]/.test(text)) return { value: text, complex: true };
  return undefined;
}

/** Reads one INI value as Ansible does: a Python literal when it is one, else the text as written. */
export function iniValue(raw: string): IniValue {
  const text = raw.trim();
  const whole = literal(text);
  if (whole) return whole;
  const comment = /^(.*?)\s+#.*$/.exec(text);
  const bare = comment ? literal(comment[1]!.trim()) : undefined;
  return bare && !bare.complex ? bare : { value: text };
}
