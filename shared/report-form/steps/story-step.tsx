import { TextArea } from '../fields.js';
import { useForm } from '../form-context.js';
import { LIMITS } from '../validate.js';

/** Step 5: what happened in the reporter's own words, in any language. */
export function StoryStep() {
  const { form, update, t } = useForm();
  const { narrative } = form.report;
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
      note={left < 1000 ? t('story.count', { count: left }) : undefined}
      onInput={(text) => update((r) => void (r.narrative = text))}
    />
  );
}
