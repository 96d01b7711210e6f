import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import type { AlertContent } from '../../../shared/domain/alert.js';
import { loadLocale } from '../../../shared/i18n/index.js';
import { notificationText } from '../../../entrypoints/background/attention.js';

const alert = {
  severity: 'critical',
  incidentTypes: ['robbery'],
  setting: 'outcall',
  area: 'Newcastle',
  incidentDate: '2026-11-28',
  issuedAt: Date.now(),
  advice: [],
  description: '',
} as unknown as AlertContent;

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
});

describe('notification words', () => {
  it('say only how many updates by default: no incident, place, severity or name', () => {
    const text = notificationText([alert], { discreet: false, detailedNotifications: false }, 'en');
    expect(text).toEqual({ title: 'Update', message: '1 new update' });
    const two = notificationText(
      [alert, alert],
      { discreet: false, detailedNotifications: false },
      'en',
    );
    expect(two.message).toBe('2 new updates');
  });

  it('stay neutral in discreet mode even with details turned on', () => {
    const text = notificationText([alert], { discreet: true, detailedNotifications: true }, 'en');
    expect(text).toEqual({ title: 'Notes', message: '1 new update' });
  });

  it('give what happened and where only when the worker chose details', () => {
    const text = notificationText([alert], { discreet: false, detailedNotifications: true }, 'en');
    expect(text.message).toContain('Newcastle');
    expect(text.message).toMatch(/Robbery/i);
  });
});
