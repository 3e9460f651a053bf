// Values in URL templates: percent-encoded for the part of the URL they stand in, checked where they would change its origin.
//
// A URL template is read from left to right as text is fed: the scheme, the authority (`//host:port`),
// the path, the query, the fragment. A value in the path, the query or the fragment is percent-encoded
// (encodeURIComponent: `/`, `?`, `&`, `=`, `#` and spaces become data); a value at the very start is a
// base URL (`{{api_url}}/health`) and a value in the authority a host or a port, both inserted as they
// are but refused when they would carry a path, a query or a fragment into the URL. A value between
// letters of the scheme is a template error. `{{raw x}}` inserts as is (flagged in review).

import type { Lang } from './text.js';
import { compileText } from '../i18n/compile.js';

export type UrlPart = 'start' | 'scheme' | 'authority' | 'path' | 'query' | 'fragment';

/** Follows the literal text of a URL template: which part would a value inserted here stand in? */
export class UrlPartState {
  part: UrlPart = 'start';
  /** `:` of `scheme:` read, waiting for `//`. */
  private slashes = -1;

  feed(text: string): void {
    for (const ch of text) {
      if (this.part === 'start' || this.part === 'scheme') this.scheme(ch);
      else this.after(ch);
    }
  }

  /** A character before the authority: the scheme's letters, then `://`; anything else starts a path. */
  private scheme(ch: string): void {
    if (this.slashes >= 0) {
      if (ch === '/' && this.slashes < 2) {
        this.slashes++;
        if (this.slashes === 2) {
          this.part = 'authority';
          this.slashes = -1;
        }
        return;
      }
      this.slashes = -1;
      this.part = 'path';
      this.after(ch);
    } else if (ch === ':' && this.part === 'scheme') this.slashes = 0;
    else if (/[A-Za-z0-9+.-]/.test(ch)) this.part = 'scheme';
    else {
      this.part = 'path';
      this.after(ch);
    }
  }

  /** After a value at the start (a base URL), literal text continues its path. */
  value(): void {
    if (this.part === 'start') this.part = 'path';
  }

  private after(ch: string): void {
    if (this.part === 'fragment') return;
    if (ch === '#') this.part = 'fragment';
    else if (ch === '?' && this.part !== 'query') this.part = 'query';
    else if (ch === '/' && this.part === 'authority') this.part = 'path';
  }

  clone(): UrlPartState {
    const copy = new UrlPartState();
    copy.part = this.part;
    copy.slashes = this.slashes;
    return copy;
  }

  sameAs(other: UrlPartState): boolean {
    return this.part === other.part && this.slashes === other.slashes;
  }
}

/** A value that cannot stand where it is in a URL (it would change where the request goes). */
export class UrlValueError extends Error {
  readonly code = 'template.url-value';
  constructor(
    /** The template's name for the value (`api_url`, `steps.a.stdout`). */
    readonly reference: string,
    readonly part: 'start' | 'authority',
    lang: Lang = 'en',
  ) {
    // The value itself is not in the message: it may be a secret, and messages reach terminals and journals.
    super(compileText(lang)(part === 'start' ? 'tpl.urlBase' : 'tpl.urlHost', { name: reference }));
    this.name = 'UrlValueError';
  }

  /** The same error in another language. */
  in(lang: Lang): UrlValueError {
    return new UrlValueError(this.reference, this.part, lang);
  }
}

const HOST_OR_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(:[0-9]+)?$/;

/** A value as it is inserted in the given part of a URL; throws UrlValueError where it cannot stand. */
export function urlValue(part: UrlPart, reference: string, value: string): string {
  switch (part) {
    case 'start':
      // eslint-disable-next-line no-control-regex
      if (/[\s\u0000-\u001f\u007f?#]/.test(value)) throw new UrlValueError(reference, 'start');
      return value;
    case 'authority':
      if (!HOST_OR_PORT.test(value)) throw new UrlValueError(reference, 'authority');
      return value;
    case 'scheme':
      // A template error (template.url-scheme): never rendered.
      throw new UrlValueError(reference, 'start');
    default:
      return encodeURIComponent(value);
  }
}
