import type { ComponentType } from 'preact';
import { useForm } from './form-context.js';
import { STEPS, type Step } from './form-state.js';
import { laterViews, type LaterViews } from './later-views.js';
import { WhatStep } from './steps/what-step.js';

/** What the step frame needs from the form. */
export interface StepViewProps {
  restored: boolean;
  sending: boolean;
  sendFailed: boolean;
  onNext: () => void;
  onStartAgain: () => void;
  onReadReplies: () => void;
}

/**
 * The frame around each step: progress ("Step 2 of 7: When" plus a bar), the step heading that
 * takes focus on each move, a problem summary announced to screen readers, the step itself, and
 * Back / Next (Send on the last step). A real <form>, so Enter moves on from any field.
 */
export function StepView(props: StepViewProps) {
  const { form, t, problems, goTo } = useForm();
  const index = form.step;
  const step = STEPS[index]!;
  const Body = stepView(step, laterViews.use());
  const last = index === STEPS.length - 1;

  const submit = (event: Event) => {
    event.preventDefault();
    if (!props.sending) props.onNext();
  };
  const focusField = (field: string) => (event: Event) => {
    event.preventDefault();
    const root = (event.currentTarget as HTMLElement).getRootNode() as ParentNode;
    root.querySelector<HTMLElement>(`#${field}`)?.focus();
  };

  return (
    <form class="steps" onSubmit={submit} noValidate aria-labelledby="step-heading">
      {props.restored ? (
        <div class="status restored" role="status">
          <p>{t('form.draft-restored')}</p>
          <button
            type="button"
            class="secondary small"
            onClick={props.onStartAgain}
            data-testid="start-again"
          >
            {t('form.draft-discard')}
          </button>
        </div>
      ) : null}
      {index === 0 ? <p class="intro">{t('form.intro')}</p> : null}
      <div class="progress" aria-hidden="true">
        {STEPS.map((s, i) => (
          <span key={s} class={i < index ? 'done' : i === index ? 'current' : ''} />
        ))}
      </div>
      <h3 id="step-heading" tabIndex={-1} data-testid="step-heading">
        {t('form.progress', { step: index + 1, total: STEPS.length, name: t(`step.${step}`) })}
      </h3>
      <div role="alert" class={problems.length > 0 ? 'problem-summary' : 'problem-summary empty'}>
        {problems.length > 0 ? (
          <ul>
            {problems.map((p) => (
              <li key={p.field}>
                <a href={`#${p.field}`} onClick={focusField(p.field)}>
                  {p.question ? <span class="problem-question">{t(p.question)} </span> : null}
                  {t(p.message, p.vars)}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div class="step-body">{Body ? <Body /> : <p class="status">{t('form.loading')}</p>}</div>
      {props.sendFailed ? (
        <p class="status problem-banner" role="alert">
          {t('send.failed')}
        </p>
      ) : null}
      <div class="nav">
        {index > 0 ? (
          <button
            type="button"
            class="secondary"
            onClick={() => goTo(index - 1)}
            data-testid="back"
          >
            {t('form.back')}
          </button>
        ) : (
          <button
            type="button"
            class="secondary"
            onClick={props.onReadReplies}
            data-testid="have-receipt"
          >
            {t('form.have-receipt')}
          </button>
        )}
        <button
          type="submit"
          data-testid={last ? 'submit' : 'next'}
          disabled={props.sending}
          aria-busy={props.sending}
        >
          {last ? (props.sending ? t('form.sending') : t('form.submit')) : t('form.next')}
        </button>
      </div>
    </form>
  );
}

function stepView(step: Step, later: LaterViews | undefined): ComponentType | null {
  if (step === 'what') return WhatStep;
  if (!later) return null;
  const views: Record<Exclude<Step, 'what'>, ComponentType> = {
    when: later.WhenStep,
    where: later.WhereStep,
    who: later.WhoStep,
    story: later.StoryStep,
    consent: later.ConsentStep,
    review: later.ReviewStep,
  };
  return views[step];
}
