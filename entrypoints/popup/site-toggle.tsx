import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { siteOverCap } from '../background/site-flags.js';
import { t } from './ui-locale.js';

/**
 * Turns page flagging on or off for one site. Only asks the browser for permission: the service
 * worker registers the page scanner when the permission arrives (the popup may close while the
 * browser's prompt is open). Without a readable active tab (the popup opened as a page), the
 * worker types the site's address.
 */

/** The `https://host` origin of a web address, or null for anything else. */
export function siteOrigin(address: string | undefined): string | null {
  if (!address) return null;
  try {
    const url = new URL(address.includes('://') ? address : `https://${address}`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The match pattern the permission is asked for (ports are not part of a pattern). */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

export function SiteToggle() {
  const origin = useSignal<string | null>(null);
  const typed = useSignal('');
  const enabled = useSignal<boolean | null>(null);
  const error = useSignal('');
  const overCap = useSignal(false);

  async function refresh(site: string | null) {
    enabled.value = site
      ? await browser.permissions.contains({ origins: [originPattern(site)] })
      : null;
  }

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      const site = siteOrigin(tab?.url);
      origin.value = site;
      await refresh(site);
      overCap.value = site ? await siteOverCap(site).catch(() => false) : false;
    })();
  }, []);

  const site = origin.value ?? siteOrigin(typed.value.trim());

  async function toggle() {
    error.value = '';
    if (!site) {
      error.value = t('ext.site.bad-address');
      return;
    }
    const origins = [originPattern(site)];
    try {
      if (enabled.value) await browser.permissions.remove({ origins });
      else await browser.permissions.request({ origins });
    } catch {
      error.value = t('ext.site.failed');
    }
    await refresh(site);
  }

  return (
    <section class="site" aria-label={t('ext.site.title')}>
      <p class="hint">{t('ext.site.explain')}</p>
      {origin.value ? (
        <p class="site-name" dir="ltr">
          {new URL(origin.value).host}
        </p>
      ) : (
        <label>
          {t('ext.site.address')}
          <input
            data-testid="site-origin"
            type="url"
            dir="ltr"
            placeholder="https://example.org"
            value={typed.value}
            onInput={(e) => {
              typed.value = e.currentTarget.value;
              void refresh(siteOrigin(e.currentTarget.value.trim()));
            }}
          />
        </label>
      )}
      <button
        type="button"
        data-testid="enable-site"
        aria-pressed={enabled.value === true}
        onClick={() => void toggle()}
      >
        {enabled.value ? t('ext.site.turn-off') : t('ext.site.turn-on')}
      </button>
      {enabled.value !== null && (
        <p class="status" data-testid="site-status" role="status">
          {enabled.value ? t('ext.site.on') : t('ext.site.off')}
        </p>
      )}
      {overCap.value && (
        <p class="warning" data-testid="site-over-cap" role="alert">
          {t('ext.site.over-cap')}
        </p>
      )}
      {error.value && <p class="error">{error.value}</p>}
    </section>
  );
}
