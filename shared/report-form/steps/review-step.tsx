import { formatDate } from '../../i18n/index.js';
import { useForm } from '../form-context.js';
import { displayText } from '../../text/index.js';
import { ltr } from '../bidi.js';
import { CONSENT_KEYS, STEPS, type Step } from '../form-state.js';

/**
 * Step 7: everything the reporter is about to send, grouped by step, each group with a button
 * back to that step. Shown as text only: nothing here is editable, so nothing changes unseen.
 */
export function ReviewStep() {
  const { form, t, locale, goTo } = useForm();
  const r = form.report;
  const none = t('review.nothing');
  const list = (values: string[]) =>
    values
      .filter((v) => v.trim() !== '')
      .map((v) => ltr(displayText(v)))
      .join(', ') || none;
  const vehicle = [r.who.vehicle.make, r.who.vehicle.colour, r.who.vehicle.plate]
    .filter((v) => v.trim() !== '')
    .map((v) => ltr(displayText(v)))
    .join(', ');

  // Every free-text value goes through displayText: bidi controls in what the reporter typed
  // or pasted could otherwise show them a different text from the one they send.
  const sections: [Step, [string, string][]][] = [
    ['what', [[t('step.what'), r.incidentTypes.map((x) => t(`incident.${x}`)).join(', ') || none]]],
    [
      'when',
      [
        [t('when.date'), r.when.date ? formatDate(locale, r.when.date) : none],
        [t('when.time'), r.when.timeOfDay ? t(`time.${r.when.timeOfDay}`) : none],
      ],
    ],
    [
      'where',
      [
        [t('where.area'), displayText(r.where.area) || none],
        [t('where.setting'), r.where.setting ? t(`setting.${r.where.setting}`) : none],
      ],
    ],
    [
      'who',
      [
        [t('who.phones'), list(r.who.phones)],
        [t('who.emails'), list(r.who.emails)],
        [t('who.handles'), list(r.who.handles)],
        [t('who.vehicle'), vehicle || none],
        [t('who.name-used'), displayText(r.who.nameUsed) || none],
        [t('who.description'), displayText(r.who.description) || none],
      ],
    ],
    ['story', [[t('story.label'), displayText(r.narrative) || none]]],
    [
      'consent',
      [
        ...CONSENT_KEYS.map((k): [string, string] => [
          t(`consent.${k}`),
          t(r.consent[k] ? 'review.consent-yes' : 'review.consent-no'),
        ]),
        ...(r.consent.policeIdentified
          ? [
              [t('consent.reporterContact'), displayText(r.reporterContact) || none] as [
                string,
                string,
              ],
            ]
          : []),
      ],
    ],
  ];
  const sparse = r.narrative.trim() === '' && list(r.who.phones) === none;

  return (
    <>
      <p class="intro">{t('review.intro')}</p>
      {sparse ? <p class="note">{t('review.empty-warning')}</p> : null}
      {sections.map(([step, rows]) => (
        <section class="review-section" key={step} aria-labelledby={`review-${step}`}>
          <div class="review-head">
            <h3 id={`review-${step}`}>{t(`step.${step}`)}</h3>
            <button
              type="button"
              class="secondary small"
              aria-label={`${t('review.edit')}: ${t(`step.${step}`)}`}
              onClick={() => goTo(STEPS.indexOf(step))}
            >
              {t('review.edit')}
            </button>
          </div>
          <dl>
            {rows.map(([label, value]) => (
              <div class="review-row" key={label}>
                <dt>{label}</dt>
                <dd dir="auto" class="untrusted">
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
