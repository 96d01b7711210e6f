import { INCIDENT_TYPES, type IncidentType } from '../../domain/codes.js';
import { ChoiceGroup } from '../choice-group.js';
import { useForm } from '../form-context.js';

/** Step 1: what happened, any number of incident types. */
export function WhatStep() {
  const { form, update, t } = useForm();
  const selected = form.report.incidentTypes;

  const toggle = (type: IncidentType, checked: boolean) =>
    update((r) => {
      const others = r.incidentTypes.filter((x) => x !== type);
      // Keep the domain's order (most serious first) whatever order they were ticked in.
      r.incidentTypes = INCIDENT_TYPES.filter((x) => (x === type ? checked : others.includes(x)));
    });

  return (
    <ChoiceGroup
      id="incidentTypes"
      legend={t('what.legend')}
      choices={INCIDENT_TYPES.map((value) => ({ value, label: t(`incident.${value}`) }))}
      selected={selected}
      multiple
      onChange={toggle}
      testIdPrefix="incident"
    />
  );
}
