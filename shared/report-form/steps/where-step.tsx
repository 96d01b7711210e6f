import { SETTINGS, type Setting } from '../../domain/codes.js';
import { ChoiceGroup } from '../choice-group.js';
import { TextField } from '../fields.js';
import { useForm } from '../form-context.js';
import { LIMITS } from '../validate.js';

/** Step 3: the town or area, and the setting (incall, outcall, street, car, online). */
export function WhereStep() {
  const { form, update, t } = useForm();
  const { where } = form.report;
  const settings: { value: Setting | ''; label: string }[] = [
    ...SETTINGS.map((value) => ({ value, label: t(`setting.${value}`) })),
    { value: '', label: t('where.setting-unknown') },
  ];

  return (
    <>
      <TextField
        id="area"
        label={t('where.area')}
        hint={t('where.area-hint')}
        value={where.area}
        maxLength={LIMITS.short}
        optional
        onInput={(area) => update((r) => void (r.where.area = area))}
      />
      <ChoiceGroup
        id="setting"
        legend={t('where.setting')}
        choices={settings}
        selected={[where.setting]}
        optional
        onChange={(value) => update((r) => void (r.where.setting = value))}
        testIdPrefix="setting"
      />
    </>
  );
}
