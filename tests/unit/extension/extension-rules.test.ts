import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import type { AlertContent } from '../../../shared/domain/alert.js';
import {
  builtInNetwork,
  parseNetworkConfig,
  resolveNetwork,
} from '../../../shared/network-config.js';
import { DEFAULT_SETTINGS, inRegions } from '../../../shared/sync/member-state.js';
import { scannerMatches } from '../../../entrypoints/background/site-access.js';
import { shouldNotify } from '../../../entrypoints/background/attention.js';
import { originPattern, siteOrigin } from '../../../entrypoints/popup/site-toggle.js';

const KEY = 'A'.repeat(42) + 'A';

describe('network configuration', () => {
  it.each([
    ['https://relay.example.org', true, undefined],
    ['https://relay.example.org/', true, undefined],
    ['http://127.0.0.1:8787', true, undefined],
    ['http://localhost:8787', true, undefined],
    ['http://relay.example.org', false, 'insecure-url'],
    ['ftp://relay.example.org', false, 'bad-url'],
    ['https://user:pw@relay.example.org', false, 'bad-url'],
    ['not a url', false, 'bad-url'],
  ])('%s', (url, ok, problem) => {
    const parsed = parseNetworkConfig(url, KEY);
    expect(parsed.ok).toBe(ok);
    if (!parsed.ok) expect(parsed.problem).toBe(problem);
    else expect(parsed.config.relayUrl.endsWith('/')).toBe(false);
  });

  it('refuses a key that is not 32 bytes of base64url', () => {
    expect(parseNetworkConfig('https://relay.example.org', 'short')).toEqual({
      ok: false,
      problem: 'bad-key',
    });
  });

  it('prefers the built-in network over anything stored', () => {
    const built = builtInNetwork({ WXT_RELAY_URL: 'https://relay.example.org', WXT_ROOT_KEY: KEY });
    expect(built?.builtIn).toBe(true);
    const stored = { relayUrl: 'https://other.example.org', rootKey: KEY };
    expect(resolveNetwork(stored, built)?.relayUrl).toBe('https://relay.example.org');
    expect(resolveNetwork(stored, null)?.relayUrl).toBe('https://other.example.org');
    expect(resolveNetwork(undefined, null)).toBeNull();
    expect(builtInNetwork({ WXT_RELAY_URL: 'https://relay.example.org', WXT_ROOT_KEY: 'x' })).toBe(
      null,
    );
  });
});

describe('where the page scanner runs', () => {
  it.each([
    [['https://example.org/*'], ['https://example.org/*']],
    [['http://127.0.0.1:4321/*'], ['http://127.0.0.1/*']],
    [['<all_urls>', '*://*/*', 'https://*.example.org/*'], []],
    [['https://example.org/*', 'https://example.org/path/*'], ['https://example.org/*']],
  ])('%j → %j', (origins, patterns) => {
    expect(scannerMatches(origins)).toEqual(patterns);
  });

  it.each([
    ['https://example.org/page?x=1', 'https://example.org'],
    ['example.org', 'https://example.org'],
    ['chrome-extension://abc/popup.html', null],
    ['', null],
  ])('site of %s', (address, origin) => {
    expect(siteOrigin(address)).toBe(origin);
  });

  it('asks permission for the host on any port', () => {
    expect(originPattern('http://127.0.0.1:4321')).toBe('http://127.0.0.1/*');
  });
});

describe('notifications', () => {
  const alert = (severity: AlertContent['severity'], regions = ['north-east']) =>
    ({ severity, regions }) as AlertContent;

  it.each([
    ['serious', 'critical', ['north-east'], true],
    ['serious', 'low', ['north-east'], false],
    ['all', 'low', ['north-east'], true],
    ['off', 'critical', ['north-east'], false],
    ['all', 'critical', ['london'], false],
  ] as const)('%s: %s in %j → %s', (notify, severity, regions, expected) => {
    const settings = { ...DEFAULT_SETTINGS, notify, regions: ['north-east'] };
    expect(shouldNotify(alert(severity, [...regions]), settings)).toBe(expected);
  });

  it('treats no chosen region as every region', () => {
    expect(inRegions(['london'], [])).toBe(true);
    expect(inRegions(['london'], ['north-east'])).toBe(false);
  });
});
