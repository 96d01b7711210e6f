import type { ComponentChildren } from 'preact';
import { problemFor, useForm } from './form-context.js';

/**
 * The form's text controls. Each has a real <label>, its hint and message tied to it with
 * aria-describedby, aria-invalid when it has a problem, and autocomplete off: on a shared device
 * the browser's autofill must not offer a client's number to the next person.
 */

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  /** A note under the field that does not block (e.g. how a number will be read). */
  note?: string;
  type?: 'text' | 'date' | 'email' | 'tel';
  maxLength?: number;
  optional?: boolean;
  max?: string;
  spellcheck?: boolean;
  inputMode?: 'text' | 'tel' | 'email';
  testId?: string;
  /** Left-to-right content (numbers, emails, plates) even in an Arabic form. */
  ltr?: boolean;
  /** Extra control after the input (e.g. a remove button). */
  after?: ComponentChildren;
}

/** A field's label, hint and problem, ids matching what the input's aria-describedby names. */
function FieldHead(props: {
  id: string;
  label: string;
  optional?: boolean;
  hint?: string;
  problem: ReturnType<typeof problemFor>;
}) {
  const form = useForm();
  const { problem } = props;
  return (
    <>
      <label for={props.id}>
        {props.label}
        {props.optional ? <span class="optional"> ({form.t('form.optional')})</span> : null}
      </label>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      {problem ? (
        <p id={`${props.id}-problem`} class="problem">
          {form.t(problem.message, problem.vars)}
        </p>
      ) : null}
    </>
  );
}

/** A labelled one-line input. */
export function TextField(props: TextFieldProps) {
  const form = useForm();
  const problem = problemFor(form, props.id);
  const describedBy = describers(props.id, !!props.hint, !!problem, !!props.note);

  return (
    <div class={problem ? 'field has-problem' : 'field'}>
      <FieldHead {...props} problem={problem} />
      <div class="input-row">
        <input
          id={props.id}
          // Preact's typings tie each input type to its own attributes; all of ours take these.
          type={(props.type ?? 'text') as 'text'}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          maxLength={props.maxLength}
          max={props.max}
          autoComplete="off"
          spellcheck={props.spellcheck ?? false}
          inputMode={props.inputMode}
          dir={props.ltr ? 'ltr' : undefined}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={describedBy}
          data-testid={props.testId ?? props.id}
        />
        {props.after}
      </div>
      <p id={`${props.id}-note`} class="note" aria-live="polite">
        {props.note ?? ''}
      </p>
    </div>
  );
}

interface TextAreaProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  note?: string;
  maxLength: number;
  rows?: number;
  optional?: boolean;
  /** Something the reporter must hear now (a paste that was cut): announced, not only described. */
  alert?: string;
  /** Called with the pasted text and the room left for it, before the browser inserts it. */
  onPaste?: (pasted: string, room: number) => void;
}

/** A labelled multi-line input. */
export function TextArea(props: TextAreaProps) {
  const form = useForm();
  const problem = problemFor(form, props.id);

  return (
    <div class={problem ? 'field has-problem' : 'field'}>
      <FieldHead {...props} problem={problem} />
      <textarea
        id={props.id}
        value={props.value}
        rows={props.rows ?? 6}
        maxLength={props.maxLength}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onPaste={(e) => {
          const area = e.currentTarget;
          const selected = (area.selectionEnd ?? 0) - (area.selectionStart ?? 0);
          const room = props.maxLength - (area.value.length - selected);
          props.onPaste?.(e.clipboardData?.getData('text') ?? '', room);
        }}
        autoComplete="off"
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={describers(props.id, !!props.hint, !!problem, !!props.note)}
        data-testid={props.id}
      />
      {props.note ? (
        <p id={`${props.id}-note`} class="note">
          {props.note}
        </p>
      ) : null}
      <p class="problem" role="alert" data-testid={`${props.id}-alert`} hidden={!props.alert}>
        {props.alert ?? ''}
      </p>
    </div>
  );
}

function describers(id: string, hint: boolean, problem: boolean, note: boolean): string {
  return [problem && `${id}-problem`, hint && `${id}-hint`, note && `${id}-note`]
    .filter(Boolean)
    .join(' ');
}
