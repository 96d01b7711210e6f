import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The extension's catalogue: every key the code uses exists in English, and each translation
 * has exactly the English keys with the same {placeholders} (a translator cannot drop a
 * number from "{count} alerts match").
 */

const messages = 'shared/i18n/messages';
const read = (locale: string) =>
  JSON.parse(readFileSync(join(messages, locale, 'extension.json'), 'utf8')) as Record<
    string,
    string
  >;
const english = read('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : /\.(ts|tsx)$/.test(entry.name)
        ? [readFileSync(join(dir, entry.name), 'utf8')]
        : [],
  );
}

describe('extension catalogue', () => {
  it('has every key the extension uses', () => {
    const code = ['background', 'popup', 'onboarding', 'options']
      .flatMap((part) => sources(join('entrypoints', part)))
      .join('\n');
    const used = new Set([...code.matchAll(/'(ext\.[a-z0-9.-]+)'/g)].map((m) => m[1]!));
    const missing = [...used].filter((key) => !(key in english) && !(`${key}.other` in english));
    expect(missing).toEqual([]);
  });

  it.each(
    readdirSync(messages).filter(
      (locale) => locale !== 'en' && existsSync(join(messages, locale, 'extension.json')),
    ),
  )('%s has the English keys and placeholders', (locale) => {
    const translated = read(locale);
    const missing = Object.keys(english).filter((key) => !(key in translated));
    expect(missing).toEqual([]);
    for (const [key, text] of Object.entries(translated)) {
      const source = sourceKey(key);
      expect(source, `${key} is not an English key or a plural form of one`).toBeDefined();
      expect(allowedPlaceholders(locale, key, source!), key).toContainEqual(placeholders(text));
    }
  });
});

/**
 * The English key a translated key stands for: itself, or for a plural form English does not
 * have (Polish "few", Arabic "two"), English's `.other`.
 */
function sourceKey(key: string): string | undefined {
  if (key in english) return key;
  const other = key.replace(/\.(zero|two|few|many)$/, '.other');
  return other !== key && other in english ? other : undefined;
}

/**
 * The placeholder lists a translated text may have. A plural form has English `.other`'s; it
 * may leave out {count} only when its language uses it for at most one count (Arabic "two" is
 * only 2), since Russian "one" is also 21 and 31, and Romanian "few" is 2 to 19. Counts start
 * at 1: the extension never shows "0 alerts match".
 */
function allowedPlaceholders(locale: string, key: string, source: string): string[][] {
  const plural = /^(.*)\.(zero|one|two|few|many|other)$/.exec(key);
  const other = plural ? `${plural[1]}.other` : undefined;
  if (!plural || !other || !(other in english)) return [placeholders(english[source]!)];

  const full = placeholders(english[other]!);
  const rules = new Intl.PluralRules(locale);
  const counts = Array.from({ length: 1000 }, (_, i) => i + 1).filter(
    (n) => rules.select(n) === plural[2],
  );
  return counts.length <= 1 ? [full, full.filter((name) => name !== 'count')] : [full];
}

describe("the check box's hint", () => {
  // The hint shows a partial in the worker's language ("ends in 513"): typed as shown, it must
  // be read as one, or the worker is taught a phrase the box refuses.
  it.each(readdirSync(messages))('in %s, gives an example the check box reads', async (locale) => {
    const { readIdentifier } = await import('../../../shared/identifiers/index.js');
    const hint = read(locale)['ext.check.hint'] ?? '';
    const example = /[«„“"]([^»”“"]+)[»”“"]/.exec(hint)?.[1];
    expect(example, `no quoted example in the ${locale} hint`).toBeDefined();
    expect(readIdentifier(example!)).toMatchObject({
      ok: true,
      identifier: { kind: 'partial-phone', value: '*513' },
    });
  });
});
