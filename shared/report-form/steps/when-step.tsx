import { TIMES_OF_DAY, type TimeOfDay } from '../../domain/codes.js';
import { ChoiceGroup } from '../choice-group.js';
import { TextField } from '../fields.js';
import { useForm } from '../form-context.js';
import { localToday } from '../validate.js';

/** Step 2: the date (optional, roughly is fine) and an approximate time of day. */
export function WhenStep() {
  const { form, update, t } = useForm();
  const { when } = form.report;
  const times: { value: TimeOfDay | ''; label: string }[] = [
    ...TIMES_OF_DAY.map((value) => ({ value, label: t(`time.${value}`) })),
    { value: '', label: t('when.time-unknown') },
  ];

  return (
    <>
      <TextField
        id="date"
        type="date"
        label={t('when.date')}
        hint={t('when.date-hint')}
        value={when.date}
        max={localToday()}
        optional
        onInput={(date) => update((r) => void (r.when.date = date))}
      />
      <ChoiceGroup
        id="timeOfDay"
        legend={t('when.time')}
        choices={times}
        selected={[when.timeOfDay]}
        optional
        onChange={(value) => update((r) => void (r.when.timeOfDay = value))}
        testIdPrefix="time"
      />
    </>
  );
}
