// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertContent } from '../../../shared/domain/alert.js';
import { loadLocale } from '../../../shared/i18n/index.js';
import { AlertCard, loadPhoneFormat } from '../../../entrypoints/popup/alert-card.js';

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
  severity: 'critical',
  incidentTypes: ['robbery'],
  setting: 'outcall',
  identifiers: [
    { kind: 'phone', value: '+447700900123' },
    { kind: 'email', value: 'client@example.com' },
    { kind: 'plate', value: 'ZQ19ABC' },
  ],
  advice: ['do-not-book'],
  description: 'Refused to pay. <img src=x onerror=alert(1)>',
};

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
});

describe('alert card', () => {
  // First in this file: the phone formatter is not loaded yet (the popup loads it after its
  // first paint), and the card asks for it.
  it('shows a number as stored until the phone formatter loads, then grouped', async () => {
    const host = document.createElement('div');
    render(<AlertCard alert={alert} />, host);
    const about = () => host.querySelector('[data-testid="alert-identifiers"]')!.textContent!;
    expect(about()).toContain('+447700900123');
    await loadPhoneFormat();
    await vi.waitFor(() => expect(about()).toContain('+44 7700 900123'));
    render(null, host);
  });

  it('says who the alert is about, the advice, and the scheme words as text', async () => {
    await loadPhoneFormat();
    const host = document.createElement('div');
    render(<AlertCard alert={alert} />, host);
    const about = host.querySelector('[data-testid="alert-identifiers"]')!.textContent!;
    expect(about).toContain('+44 7700 900123');
    expect(about).toContain('client@example.com');
    expect(about).toContain('ZQ19ABC');
    expect(host.querySelector('.advice')!.textContent).toMatch(/\w{4,}/);
    expect(host.querySelector('.advice')!.textContent).not.toContain('advice.');
    const words = host.querySelector('.description')!;
    expect(words.querySelector('.label')!.textContent).toMatch(/scheme/i);
    expect(words.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(host.querySelector('img')).toBeNull();
    render(null, host);
  });
});
