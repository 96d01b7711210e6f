/** Props of a group of coded checkboxes. */
export interface CodeChecksProps<T extends string> {
  legend: string;
  codes: readonly T[];
  chosen: readonly T[];
  /** The label shown for a code (from the `codes` catalogue). */
  label: (code: T) => string;
  onChange: (chosen: T[]) => void;
  testId?: string;
}

/**
 * A fieldset of checkboxes for coded values (incident types, advice, regions): the alert carries
 * the codes, and each worker's extension shows them in its own language.
 */
export function CodeChecks<T extends string>(props: CodeChecksProps<T>) {
  const toggle = (code: T, on: boolean) =>
    props.onChange(
      on
        ? [...props.chosen.filter((c) => c !== code), code]
        : props.chosen.filter((c) => c !== code),
    );
  return (
    <fieldset data-testid={props.testId}>
      <legend>{props.legend}</legend>
      <div class="checks">
        {props.codes.map((code) => (
          <label key={code} class="check">
            <input
              type="checkbox"
              value={code}
              checked={props.chosen.includes(code)}
              onChange={(e) => toggle(code, e.currentTarget.checked)}
            />
            {props.label(code)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
