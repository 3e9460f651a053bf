// No message a diagnostic is made of spans lines: the human formats may then show every line break of a
// diagnostic as ␤ (src/ui/diagnostics.ts `oneLine`, src/review/lint/format/text.ts), since it came from a value.
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/i18n/index.js';
import { compileCatalog } from '../../src/i18n/compile.js';
import { diagnosticsCatalog } from '../../src/i18n/diagnostics.js';
import { remoteCatalog } from '../../src/i18n/remote.js';
import { reviewCatalog } from '../../src/i18n/review.js';
import { selectCatalog } from '../../src/i18n/select.js';
import { serveCatalog } from '../../src/i18n/serve.js';
import { validateCatalog } from '../../src/i18n/validate.js';
import { stepCatalogs } from '../../src/steps/index.js';

const catalogs: Record<string, Catalog<string>> = {
  compile: compileCatalog,
  diagnostics: diagnosticsCatalog,
  remote: remoteCatalog,
  review: reviewCatalog,
  select: selectCatalog,
  serve: serveCatalog,
  validate: validateCatalog,
  ...stepCatalogs(),
};

describe('the catalogs diagnostics are made of', () => {
  it('hold no line break, in English and Chinese', () => {
    const broken = Object.entries(catalogs).flatMap(([name, catalog]) =>
      (['en', 'zh-CN'] as const).flatMap((lang) =>
        Object.entries(catalog[lang])
          .filter(([, message]) => /[\n\r\u2028\u2029]/.test(message))
          .map(([key]) => `${name} ${lang} ${key}`),
      ),
    );
    expect(broken).toEqual([]);
  });
});
