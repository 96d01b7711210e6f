import { useState } from 'preact/hooks';
import { TextArea } from '../fields.js';
import { useForm } from '../form-context.js';
import { LIMITS } from '../validate.js';

/** Characters left at which the count starts to show, well before the limit. */
const WARN_WITHIN = 2000;

/**
 * Step 5: what happened in the reporter's own words, in any language. The textarea's maxLength
 * makes the browser drop whatever an insertion brings past the limit without a word, so the
 * field reports every change that was cut (paste, drop, autofill, input method, script) and the
 * reporter is told plainly that the end was not kept. Typing at the limit changes nothing and
 * says nothing; the notice goes once the text is shorter than the limit.
 */
export function StoryStep() {
  const { form, update, t } = useForm();
  const { narrative } = form.report;
  const [cut, setCut] = useState(false);
  const left = LIMITS.narrative - narrative.length;

  return (
    <TextArea
      id="narrative"
      label={t('story.label')}
      hint={t('story.hint')}
      value={narrative}
      maxLength={LIMITS.narrative}
      rows={10}
      optional
      note={left < WARN_WITHIN ? t('story.count', { count: Math.max(left, 0) }) : undefined}
      alert={cut ? t('story.cut') : undefined}
      onOverflow={(overflowed) => {
        if (overflowed) setCut(true);
      }}
      onInput={(text) => {
        if (text.length < LIMITS.narrative) setCut(false);
        update((r) => void (r.narrative = text));
      }}
    />
  );
}
