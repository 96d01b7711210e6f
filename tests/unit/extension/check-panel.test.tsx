// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { createAlertIndex } from '../../../shared/alert-index.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import { readIdentifier } from '../../../shared/identifiers/index.js';
import { loadLocale } from '../../../shared/i18n/index.js';
import { CheckPanel } from '../../../entrypoints/popup/check-panel.js';
import { partialPhrase } from '../../../entrypoints/popup/short-input.js';
import { checker } from '../../../entrypoints/popup/use-alert-index.js';

const alert: AlertContent = {
  v: 1,
  kind: 'alert',
  id: 'a1',
  scheme: 'north-east',
  revision: 1,
  issuedAt: Date.now() - 86_400_000,
  expiresAt: Date.now() + 86_400_000,
  regions: ['north-east'],
  area: 'Newcastle',
  incidentDate: '2026-11-28',
  severity: 'high',
  incidentTypes: ['robbery'],
  setting: 'outcall',
  identifiers: [
    { kind: 'phone', value: '+447700900123' },
    { kind: 'plate', value: 'ZQ19XYZ' },
  ],
  advice: ['do-not-book'],
  description: '',
};

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
  checker.value = { index: createAlertIndex([alert]), read: readIdentifier };
});

function answer(typed: string): string {
  const host = document.createElement('div');
  render(<CheckPanel initial={typed} />, host);
  const text = host.querySelector('[data-testid="check-result"]')!.textContent!;
  render(null, host);
  return text;
}

describe('check box answers', () => {
  it.each(['900123', 'zq19', 'ZQ19', '07700 900123'])('finds the alert for "%s"', (typed) => {
    const text = answer(typed);
    expect(text).toContain('1 alert matches');
    expect(text).not.toContain('No reports');
  });

  it('reads short input as the partial it stands for', () => {
    expect(partialPhrase('900123')).toBe('ends in 900123');
    expect(partialPhrase('07700')).toBe('starts 07700');
    expect(partialPhrase('zq19')).toBe('starts ZQ19');
    expect(partialPhrase('07700 900123')).toBeNull();
    expect(partialPhrase('bigdave_69')).toBeNull();
  });

  it('gives several numbers and unreadable links their own message', () => {
    expect(answer('07700 900123 and 07700 900456')).toMatch(/one at a time/);
    expect(answer('https://example.org/someone')).toMatch(/cannot be read from this link/);
  });

  it('still says no reports, plainly, for a full number not on the list', () => {
    expect(answer('07700 900999')).toContain('No reports found.');
  });
});
