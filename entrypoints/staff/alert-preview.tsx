import { useEffect, useState } from 'preact/hooks';
import { displayText } from '../../shared/text/index.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import { LOCALES, LOCALE_NAMES, loadLocale, type Locale, isRtl } from '../../shared/i18n/index.js';
import { describeAlert } from '../popup/describe-alert.js';
import { identifierText } from './identifier-text.js';
import { t } from './staff-i18n.js';

/**
 * Exactly what members will see: the alert described by the same function the worker's popup
 * uses, in any worker language (coded fields translate; the description stays the scheme's own
 * words and is marked as such). Identifiers are listed as members' extensions match them.
 */
export function AlertPreview({ alert }: { alert: AlertContent }) {
  const [locale, setLocale] = useState<Locale>('en');
  const [ready, setReady] = useState(true);

  useEffect(() => {
    let live = true;
    setReady(false);
    loadLocale(locale, ['codes', 'extension']).finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [locale]);

  const words = describeAlert(alert, locale);
  return (
    <section class="preview card" data-testid="alert-preview" aria-labelledby="preview-title">
      <h3 id="preview-title" tabIndex={-1}>
        {t('preview.title')}
      </h3>
      <label>
        {t('preview.language')}
        <select
          data-testid="preview-locale"
          value={locale}
          onChange={(e) => setLocale(e.currentTarget.value as Locale)}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <article
        class={`member-view severity-${alert.severity}`}
        lang={locale}
        dir={isRtl(locale) ? 'rtl' : 'ltr'}
        aria-busy={!ready}
      >
        <p class="severity-label">{words.severity}</p>
        <p class="what">{words.what}</p>
        <p>
          {words.where} · {words.when}
        </p>
        {words.advice.length > 0 && (
          <ul class="advice">
            {words.advice.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        )}
        {words.description && (
          <blockquote class="free-text" data-testid="preview-description">
            <span class="free-text-mark" dir="auto">
              {t('preview.free-text')}
            </span>
            <span dir="auto">{displayText(words.description)}</span>
          </blockquote>
        )}
      </article>
      <dl class="meta">
        <div class="field">
          <dt>{t('editor.identifiers')}</dt>
          <dd data-testid="preview-identifiers">
            {alert.identifiers.map(identifierText).join(', ') || t('editor.no-identifiers')}
          </dd>
        </div>
        <div class="field">
          <dt>{t('editor.regions')}</dt>
          <dd>{alert.regions.join(', ')}</dd>
        </div>
        <div class="field">
          <dt>{t('editor.expires')}</dt>
          <dd>{new Date(alert.expiresAt).toISOString().slice(0, 10)}</dd>
        </div>
      </dl>
    </section>
  );
}
