import { Fragment } from 'preact';
import { TextField } from '../fields.js';
import { problemFor, useForm } from '../form-context.js';
import { CONSENT_KEYS, type ConsentKey } from '../form-state.js';
import { LIMITS } from '../validate.js';

/**
 * Step 6: who the report may go to, one plain yes/no question each. Nothing is pre-chosen: "no"
 * is one click, exactly like "yes", and an unanswered question is asked again rather than taken
 * as either (USERS.md: consent to police sharing is falling and must be a real choice).
 */
export function ConsentStep() {
  const { form, update, t } = useForm();
  const report = form.report;

  return (
    <>
      <p class="intro">{t('consent.intro')}</p>
      {CONSENT_KEYS.map((key) => (
        <Fragment key={key}>
          <YesNo name={key} />
          {key === 'policeIdentified' && report.consent.policeIdentified ? (
            <TextField
              id="reporterContact"
              label={t('consent.reporterContact')}
              hint={t('consent.reporterContact-hint')}
              value={report.reporterContact}
              maxLength={LIMITS.short}
              onInput={(v) => update((r) => void (r.reporterContact = v))}
            />
          ) : null}
        </Fragment>
      ))}
    </>
  );
}

function YesNo({ name }: { name: ConsentKey }) {
  const context = useForm();
  const { form, answer, t } = context;
  const id = `consent-${name}`;
  const problem = problemFor(context, id);
  const answered = form.answered.includes(name);
  const yes = form.report.consent[name];

  return (
    <fieldset
      id={id}
      class={problem ? 'choices yes-no has-problem' : 'choices yes-no'}
      aria-describedby={problem ? `${id}-problem` : undefined}
      tabIndex={-1}
    >
      <legend>{t(`consent.${name}`)}</legend>
      {problem ? (
        <p id={`${id}-problem`} class="problem">
          {t(problem.message)}
        </p>
      ) : null}
      <div class="pair">
        {([true, false] as const).map((value) => {
          const choice = value ? 'yes' : 'no';
          return (
            <div class="choice" key={choice}>
              <input
                type="radio"
                id={`${id}-${choice}`}
                name={id}
                checked={answered && yes === value}
                onChange={() => answer(name, value)}
                data-testid={`${id}-${choice}`}
              />
              <label for={`${id}-${choice}`}>{t(`consent.${choice}`)}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
