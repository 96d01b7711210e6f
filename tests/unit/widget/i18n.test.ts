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

  it('has the same keys and placeholders in every translated language as in English', async () => {
    for (const locale of LOCALES) {
      await loadLocale(locale, ['codes', 'form']);
      for (const namespace of ['codes', 'form'] as const) {
        const keys = catalogueKeys(locale, namespace);
        if (keys.length === 0) continue;
        const english = new Set(catalogueKeys('en', namespace));
        for (const key of keys) expect(english, `${locale} ${key}`).toContain(key);
        for (const key of keys) {
          const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
          expect(placeholders(translate(locale, key)), `${locale} ${key}`).toBe(
            placeholders(translate('en', key)),
          );
        }
      }
    }
  });
});
