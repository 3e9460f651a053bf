// Why a journal file cannot be used, as data: what is wrong and where (an event's type, a field path), put into
// words in the reader's language only where it is shown (describeJournalReason, with src/i18n/journal.ts).
import type { Lang } from '../../i18n/index.js';
import { journalText } from '../../i18n/journal.js';
import { showLineBreaks } from '../escapes.js';
import { fsCodeText } from './fs-errors.js';

/** A field's type as a shape states it: `s` string, `n` number, `b` boolean, `o` object, `a` list, `t` text. */
export type FieldKind = 's' | 'n' | 'b' | 'o' | 'a' | 't';

/** What a file held where something else belongs (its value is shown only for a number or a boolean). */
export type Got = { kind: 'nothing' } | { kind: 'null' | 'list' | 'string' | 'object' } | { kind: 'value'; type: string; value: string };

/** What is wrong, each said by the message of its key in src/i18n/journal.ts. */
export type JournalFault =
  | { key: 'missing' }
  | { key: 'unreadable'; code: string }
  | { key: 'notJson' }
  /** A FIFO, a device: never read (it could block the reader, or never end). */
  | { key: 'notFile' }
  /** Without `got`: the value is not shown (a count that is not a number). */
  | { key: 'expected'; expected: FieldKind; got?: Got }
  /** Without `got`: the value is not shown. */
  | { key: 'oneOf'; values: readonly string[]; got?: Got }
  | { key: 'processId' | 'textValues' | 'paramNames' | 'stepIds' | 'addresses' | 'selection' | 'digests' | 'iterations' | 'hostNames' | 'endedTrue' | 'clockTicks' }
  /** `got`: the value as JSON, undefined when there is none. */
  | { key: 'groupId'; got?: string }
  | { key: 'serveNotJson' | 'serveFields'; file: string }
  | { key: 'hostNotInRun'; host: string }
  | { key: 'hostNotSelected'; host: string; pattern: string; inventory: string };

/**
 * Why a journal file (or a line of it) cannot be used. `event` and `field` say where: an event's type
 * (`run.finished`) and a path into it, outermost first (`['unrolled', 0, 'id']`; a number is an index). They are
 * names from the file's format or from the file itself: shown as they are, never translated.
 */
export interface JournalReason {
  event?: string;
  field?: readonly (string | number)[];
  fault: JournalFault;
}

export const journalFault = (fault: JournalFault): JournalReason => ({ fault });

/** The same reason, one level further in: `field` (a name or an index) is the path's new outermost part. */
export function within(field: string | number, reason: JournalReason): JournalReason {
  return { ...reason, field: [field, ...(reason.field ?? [])] };
}

/** The same reason, said of an event of type `event`. */
export function inEvent(event: string, reason: JournalReason): JournalReason {
  return { ...reason, event };
}

export const isMissing = (reason: JournalReason): boolean => reason.fault.key === 'missing';

/** What a value read from a file is, for `got …`. */
export function gotOf(value: unknown): Got {
  if (value === undefined) return { kind: 'nothing' };
  if (value === null) return { kind: 'null' };
  if (Array.isArray(value)) return { kind: 'list' };
  if (typeof value === 'string') return { kind: 'string' };
  if (typeof value === 'object') return { kind: 'object' };
  return { kind: 'value', type: typeof value, value: String(value) };
}

/** The longest a value read from the file (a count's name, a group id) is shown: a reason is one line, not the file. */
const SHOWN_MAX = 80;

/**
 * A value read from the file, inside the reason's line: at most SHOWN_MAX characters, its line breaks shown (`␤`).
 * Every printer of a reason (resume's error, history's and logs' warnings) then gets one line of bounded length;
 * they show the controls.
 */
function fromFile(text: string): string {
  const chars = [...text.slice(0, 2 * SHOWN_MAX)];
  return showLineBreaks(chars.length > SHOWN_MAX || text.length > 2 * SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX).join('')}…` : text);
}

/**
 * The reason in words: `run.finished: unrolled: [0]: id: expected a string, got null` in English,
 * `事件 run.finished 的字段 unrolled[0].id：应为字符串，实际为空值（null）` in Chinese.
 */
export function describeJournalReason(reason: JournalReason, lang: Lang): string {
  const t = journalText(lang);
  const why = describeFault(reason.fault, lang);
  const field = reason.field?.length ? fieldPath(reason.field.map((part) => (typeof part === 'string' ? fromFile(part) : part)), lang) : undefined;
  if (reason.event !== undefined && field !== undefined) return t('at.eventField', { event: reason.event, field, why });
  if (reason.event !== undefined) return t('at.event', { event: reason.event, why });
  if (field !== undefined) return t('at.field', { field, why });
  return why;
}

/** `unrolled: [0]: id` in English (as the messages always said it), `unrolled[0].id` in Chinese. */
function fieldPath(field: readonly (string | number)[], lang: Lang): string {
  if (lang === 'en') return field.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join(': ');
  return field.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function describeFault(fault: JournalFault, lang: Lang): string {
  const t = journalText(lang);
  switch (fault.key) {
    case 'unreadable':
      // The code with its words (`EISDIR: is a directory`), or what was thrown when it had no code.
      return t('unreadable', { code: /^E[A-Z]+$/.test(fault.code) ? fsCodeText(fault.code, lang) : fault.code });
    case 'expected': {
      const expected = t(`kind.${fault.expected}`);
      if (fault.got === undefined) return t('expectedOnly', { expected });
      return fault.got.kind === 'nothing' ? t('expectedNothing', { expected }) : t('expected', { expected, got: describeGot(fault.got, lang) });
    }
    case 'oneOf': {
      const values = fault.values.join(t('separator'));
      if (fault.got === undefined) return t('oneOfOnly', { values });
      return fault.got.kind === 'nothing' ? t('oneOfNothing', { values }) : t('oneOf', { values, got: describeGot(fault.got, lang) });
    }
    case 'groupId':
      return fault.got === undefined ? t('groupIdNothing') : t('groupId', { got: fromFile(fault.got) });
    case 'serveNotJson':
    case 'serveFields':
      return t(fault.key, { file: fault.file });
    case 'hostNotInRun':
      // Named in full (a host's name or a pattern is what the user must look for), on the line.
      return t('hostNotInRun', { host: showLineBreaks(fault.host) });
    case 'hostNotSelected':
      return t('hostNotSelected', { host: showLineBreaks(fault.host), pattern: showLineBreaks(fault.pattern), inventory: showLineBreaks(fault.inventory) });
    default:
      return t(fault.key);
  }
}

function describeGot(got: Exclude<Got, { kind: 'nothing' }>, lang: Lang): string {
  const t = journalText(lang);
  if (got.kind !== 'value') return t(`got.${got.kind}`);
  if (got.type === 'number' || got.type === 'boolean') return t(`got.${got.type}`, { value: got.value });
  return t('got.other', { type: got.type, value: got.value });
}
