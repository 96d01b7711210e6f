import { problemFor, useForm } from './form-context.js';

/**
 * A fieldset of checkboxes or radio buttons with its legend, its problem tied to it with
 * aria-describedby, and each choice's own <label>. Its own file: step 1 needs only this, so the
 * text fields stay out of the widget's first load.
 */

interface ChoiceGroupProps<T extends string> {
  id: string;
  legend: string;
  /** Each choice: its value and visible label. */
  choices: readonly { value: T; label: string }[];
  selected: readonly T[];
  multiple?: boolean;
  onChange: (value: T, checked: boolean) => void;
  testIdPrefix: string;
  optional?: boolean;
}

/** A fieldset of checkboxes (multiple) or radio buttons. */
export function ChoiceGroup<T extends string>(props: ChoiceGroupProps<T>) {
  const form = useForm();
  const problem = problemFor(form, props.id);
  const type = props.multiple ? 'checkbox' : 'radio';

  return (
    <fieldset
      id={props.id}
      class={problem ? 'choices has-problem' : 'choices'}
      aria-describedby={problem ? `${props.id}-problem` : undefined}
      tabIndex={-1}
    >
      <legend>
        {props.legend}
        {props.optional ? <span class="optional"> ({form.t('form.optional')})</span> : null}
      </legend>
      {problem ? (
        <p id={`${props.id}-problem`} class="problem">
          {form.t(problem.message, problem.vars)}
        </p>
      ) : null}
      {props.choices.map((choice) => {
        const id = `${props.id}-${choice.value || 'none'}`;
        return (
          <div class="choice" key={choice.value}>
            <input
              type={type}
              id={id}
              name={props.id}
              value={choice.value}
              checked={props.selected.includes(choice.value)}
              onChange={(e) => props.onChange(choice.value, e.currentTarget.checked)}
              data-testid={`${props.testIdPrefix}-${choice.value || 'none'}`}
            />
            <label for={id}>{choice.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
