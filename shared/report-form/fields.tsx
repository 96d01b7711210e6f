import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
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
  /** Something the reporter must hear now (text that was cut): announced, not only described. */
  alert?: string;
  /**
   * Called after each change with true when the change brought more text than fits, so its end
   * was dropped, however it came: paste, drop, autofill, an input method or a script.
   */
  onOverflow?: (overflowed: boolean) => void;
}

/** An insertion about to happen: its kind, and how long the text would be if all of it fitted. */
interface Insertion {
  inputType: string;
  wanted: number;
}

/**
 * Whether the change that left `value` in the field dropped text. `pending` is what the
 * insertion brought, when the browser said so beforehand; without it (execCommand, autofill),
 * a field that jumped by more than one character to exactly the limit is taken as cut: typing
 * adds one character at a time, and a fill that lands on exactly the limit is far rarer than one
 * the browser cut there.
 */
function overflowed(value: string, max: number, before: number, pending: Insertion | null) {
  if (value.length > max) return true;
  if (pending) return pending.wanted > max;
  return value.length === max && value.length - before > 1;
}

/** A labelled multi-line input. */
export function TextArea(props: TextAreaProps) {
  const form = useForm();
  const problem = problemFor(form, props.id);
  const area = useRef<HTMLTextAreaElement>(null);
  const pending = useRef<Insertion | null>(null);
  const latest = useRef(props);
  latest.current = props;

  // maxLength cuts an insertion before the input event, whose `data` is then cut too; only
  // beforeinput still has the whole text (Chromium, Firefox). Listened to directly: Preact maps
  // onBeforeInput only where the element has an onbeforeinput property.
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    const measure = (event: InputEvent) => {
      const text = event.data || event.dataTransfer?.getData('text/plain') || null;
      // A paste already measured from its clipboard keeps that measure when this has no text.
      if (text === null && pending.current?.inputType === event.inputType) return;

      pending.current =
        text === null || event.isComposing
          ? null
          : { inputType: event.inputType, wanted: roomTaken(element) + text.length };
    };
    element.addEventListener('beforeinput', measure);
    return () => element.removeEventListener('beforeinput', measure);
  }, []);

  return (
    <div class={problem ? 'field has-problem' : 'field'}>
      <FieldHead {...props} problem={problem} />
      <textarea
        ref={area}
        id={props.id}
        value={props.value}
        rows={props.rows ?? 6}
        maxLength={props.maxLength}
        onInput={(e) => {
          const element = e.currentTarget;
          const inputType = (e as InputEvent).inputType;
          // A beforeinput whose insertion never came (a key pressed at the limit) is not this one.
          const insertion = pending.current?.inputType === inputType ? pending.current : null;
          pending.current = null;
          const max = latest.current.maxLength;
          const cut = overflowed(element.value, max, latest.current.value.length, insertion);
          // A script may set a value past maxLength, which the browser does not cut.
          if (element.value.length > max) element.value = element.value.slice(0, max);
          latest.current.onInput(element.value);
          latest.current.onOverflow?.(cut);
        }}
        onPaste={(e) => {
          // Some browsers give beforeinput no text for a paste; the clipboard still has it.
          const text = e.clipboardData?.getData('text') ?? '';
          pending.current = {
            inputType: 'insertFromPaste',
            wanted: roomTaken(e.currentTarget) + text.length,
          };
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

/** Characters the field keeps around an insertion: all but the selection it replaces. */
function roomTaken(area: HTMLTextAreaElement): number {
  const selected = (area.selectionEnd ?? 0) - (area.selectionStart ?? 0);
  return area.value.length - selected;
}

function describers(id: string, hint: boolean, problem: boolean, note: boolean): string {
  return [problem && `${id}-problem`, hint && `${id}-hint`, note && `${id}-note`]
    .filter(Boolean)
    .join(' ');
}
