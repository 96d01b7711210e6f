import { describe, expect, it } from 'vitest';
import {
  ADVICE_CODES,
  IDENTIFIER_KINDS,
  INCIDENT_TYPES,
  SETTINGS,
  SEVERITIES,
  TIMES_OF_DAY,
} from '../../../shared/domain/codes.js';
import {
  LOCALES,
  catalogueKeys,
  isRtl,
  loadLocale,
  pickLocale,
  translate,
} from '../../../shared/i18n/index.js';

describe('pickLocale', () => {
  it.each([
    [['en-GB'], 'en'],
    [['ro-RO', 'en'], 'ro'],
    [['pt-PT'], 'pt-BR'],
    [['pt-br'], 'pt-BR'],
    [['zh-CN'], 'zh-Hans'],
    [['zh-Hans-SG'], 'zh-Hans'],
    [['zh-TW', 'ru'], 'ru'],
    [['fr-FR', 'de', 'pl'], 'pl'],
    [['fr'], 'en'],
    [[], 'en'],
    [['', 'ar-EG'], 'ar'],
  ] as const)('%j → %s', (preferred, expected) => {
    expect(pickLocale(preferred)).toBe(expected);
  });
});

describe('translate', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(translate('en', 'form.progress', { step: 2, total: 7, name: 'When' })).toBe(
      'Step 2 of 7: When',
    );
  });

  it('picks the plural form from Intl.PluralRules', () => {
    expect(translate('en', 'outbox.waiting', { count: 1 })).toBe('1 report is waiting to be sent.');
    expect(translate('en', 'outbox.waiting', { count: 3 })).toBe(
      '3 reports are waiting to be sent.',
    );
  });

  it('falls back to English, then to the key, and never throws', () => {
    expect(translate('th', 'form.next')).toBe(translate('en', 'form.next'));
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(translate('en', 'form.progress', {})).toContain('{step}');
  });

  it('marks only Arabic as right-to-left', () => {
    expect(LOCALES.filter(isRtl)).toEqual(['ar']);
  });
});

describe('codes catalogue', () => {
  const families = [
    ['incident', INCIDENT_TYPES],
    ['setting', SETTINGS],
    ['time', TIMES_OF_DAY],
    ['severity', SEVERITIES],
    ['advice', ADVICE_CODES],
    ['identifier', IDENTIFIER_KINDS],
  ] as const;

  it('has an English label for every code', () => {
    const keys = new Set(catalogueKeys('en', 'codes'));
    for (const [family, codes] of families) {
      for (const code of codes) expect(keys, `${family}.${code}`).toContain(`${family}.${code}`);
    }
  });

  it('has only English keys, and no placeholder English lacks, in every language', async () => {
    const plural = /\.(zero|one|two|few|many|other)$/;
    const placeholders = (s: string) => new Set(s.match(/\{\w+\}/g) ?? []);
    for (const locale of LOCALES) {
      await loadLocale(locale, ['codes', 'form']);
      for (const namespace of ['codes', 'form'] as const) {
        const english = new Set(catalogueKeys('en', namespace));
        const keys = catalogueKeys(locale, namespace);
        expect(keys.length, `${locale}/${namespace}`).toBeGreaterThan(0);
        for (const key of keys) {
          // A plural form a language needs (Polish "few") stands for English's ".other".
          const source = english.has(key) ? key : key.replace(plural, '.other');
          expect(english, `${locale} ${key}`).toContain(source);
          for (const name of placeholders(translate(locale, key))) {
            expect(placeholders(translate('en', source)), `${locale} ${key}`).toContain(name);
          }
        }
      }
    }
  });

  it('translates every English key into every language', async () => {
    for (const locale of LOCALES) {
      await loadLocale(locale, ['codes', 'form']);
      for (const namespace of ['codes', 'form'] as const) {
        const keys = new Set(catalogueKeys(locale, namespace));
        const missing = catalogueKeys('en', namespace).filter(
          (k) => !keys.has(k) && !/\.(one|other)$/.test(k),
        );
        expect(missing, `${locale}/${namespace}`).toEqual([]);
      }
    }
  });

  it('formats plurals per language (Polish few/many, Arabic two)', async () => {
    await loadLocale('pl', ['form']);
    await loadLocale('ar', ['form']);
    expect(translate('pl', 'outbox.waiting', { count: 3 })).toBe(
      '3 zgłoszenia czekają na wysłanie.',
    );
    expect(translate('pl', 'outbox.waiting', { count: 5 })).toBe('5 zgłoszeń czeka na wysłanie.');
    expect(translate('ar', 'outbox.waiting', { count: 2 })).toBe('بلاغان ينتظران الإرسال.');
  });
});
