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
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(translated)) {
      expect(placeholders(text), key).toEqual(placeholders(english[key]!));
    }
  });
});
