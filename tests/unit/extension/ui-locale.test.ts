import { describe, expect, it } from 'vitest';
import { isLoaded } from '../../../shared/i18n/index.js';
import { t } from '../../../entrypoints/popup/ui-locale.js';

/**
 * English extension messages are bundled with the extension pages' code (ui-locale.ts): an
 * English popup renders its first paint without waiting for a catalogue chunk (issue #7).
 */
describe('extension pages in English', () => {
  it('translate before any catalogue is loaded', () => {
    expect(isLoaded('en', 'extension')).toBe(true);
    expect(t('ext.name')).toBe('Ugly Mugs Network');
    expect(t('ext.discreet.name')).toBe('Notes');
  });

  it('leave other languages to load on demand', () => {
    expect(isLoaded('es', 'extension')).toBe(false);
  });
});
