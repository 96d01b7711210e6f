import { useEffect, useState } from 'preact/hooks';
import { displayText } from '../../shared/text/index.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import { LOCALES, LOCALE_NAMES, isRtl, loadLocale, type Locale } from '../../shared/i18n/index.js';
import { alertRegions, bulletinAlerts } from '../../shared/staff/bulletin.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { describeAlert } from '../popup/describe-alert.js';
import { identifierText } from './identifier-text.js';
import { t } from './staff-i18n.js';

/**
 * A printable bulletin of current alerts for a region, in a chosen worker language, for outreach
 * to workers without a smartphone or computer. Identifiers are printed as members' extensions
 * hold them; the print stylesheet hides everything but the bulletin.
 */
export function BulletinView({ workspace }: { workspace: StaffWorkspace }) {
  const [alerts, setAlerts] = useState<AlertContent[] | null>(null);
  const [region, setRegion] = useState(workspace.scheme.regions[0] ?? '');
  const [locale, setLocale] = useState<Locale>('en');
  const [, setLoaded] = useState(0);

  useEffect(() => {
    workspace.alertFeed().then(
      (feed) => setAlerts(feed.alerts),
      () => setAlerts([]),
    );
  }, [workspace]);
  useEffect(() => {
    void loadLocale(locale, ['codes', 'extension']).then(() => setLoaded((n) => n + 1));
  }, [locale]);

  const regions = [...new Set([...workspace.scheme.regions, ...alertRegions(alerts ?? [])])];
  const shown = bulletinAlerts(alerts ?? [], region);

  return (
    <section class="bulletin" aria-labelledby="bulletin-title">
      <div class="inline no-print">
        <label>
          {t('bulletin.region')}
          <select
            data-testid="bulletin-region"
            value={region}
            onChange={(e) => setRegion(e.currentTarget.value)}
          >
            <option value="">{t('bulletin.all-regions')}</option>
            {regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('preview.language')}
          <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            void workspace.record('print-bulletin', region);
            window.print();
          }}
        >
          {t('bulletin.print')}
        </button>
      </div>
      <article
        class="printable"
        lang={locale}
        dir={isRtl(locale) ? 'rtl' : 'ltr'}
        data-testid="bulletin"
      >
        <h2 id="bulletin-title">
          {t('bulletin.title', { region: region || t('bulletin.all-regions') })}
        </h2>
        <p>
          {new Date().toISOString().slice(0, 10)} · {workspace.scheme.name}
        </p>
        {alerts !== null && shown.length === 0 && <p>{t('bulletin.none')}</p>}
        <ol>
          {shown.map((alert) => {
            const words = describeAlert(alert, locale);
            return (
              <li key={alert.id} class={`bulletin-alert severity-${alert.severity}`}>
                <p>
                  <strong>{words.severity}</strong> · {words.what}
                </p>
                <p>
                  {words.where} · {words.when}
                </p>
                {alert.identifiers.length > 0 && (
                  <p>
                    <bdi>{alert.identifiers.map(identifierText).join(', ')}</bdi>
                  </p>
                )}
                {words.advice.length > 0 && <p>{words.advice.join(' ')}</p>}
                {words.description && (
                  <p class="free-text">
                    <span class="free-text-mark">{t('preview.free-text')}</span>
                    <span dir="auto">{displayText(words.description)}</span>
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <p class="hint">{t('bulletin.not-safe')}</p>
      </article>
    </section>
  );
}
