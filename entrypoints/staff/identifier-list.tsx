import { useState } from 'preact/hooks';
import {
  IDENTIFIER_KINDS,
  type Identifier,
  type IdentifierKind,
} from '../../shared/domain/codes.js';
import { formatPhone, readIdentifierAs } from '../../shared/identifiers/index.js';
import type { UnreadIdentifier } from '../../shared/staff/alert-draft.js';
import { code, t } from './staff-i18n.js';

/**
 * The client identifiers an alert carries, normalised as members' extensions match them. Staff
 * can remove one or add one by hand; what cannot be read as its kind is refused, not guessed.
 */
export function IdentifierList(props: {
  identifiers: readonly Identifier[];
  unread: readonly UnreadIdentifier[];
  onChange: (identifiers: Identifier[]) => void;
}) {
  const [kind, setKind] = useState<IdentifierKind>('phone');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState('');

  function add() {
    const reading = readIdentifierAs(kind, value);
    if (!reading.ok) return setProblem(t('editor.identifier-unread'));
    setProblem('');
    const { identifier } = reading;
    const known = props.identifiers.some(
      (i) => i.kind === identifier.kind && i.value === identifier.value,
    );
    if (!known) props.onChange([...props.identifiers, identifier]);
    setValue('');
  }

  return (
    <fieldset>
      <legend>{t('editor.identifiers')}</legend>
      <p class="hint">{t('editor.identifiers-hint')}</p>
      {props.unread.length > 0 && (
        <p class="warning">{t('editor.unread', { count: props.unread.length })}</p>
      )}
      <ul class="identifiers">
        {props.identifiers.map((identifier) => (
          <li key={`${identifier.kind}:${identifier.value}`} data-testid="alert-identifier">
            <span>{code(`identifier.${identifier.kind}`)}: </span>
            <bdi>{identifier.value}</bdi>
            {identifier.kind === 'phone' && (
              <span class="hint"> ({formatPhone(identifier.value)})</span>
            )}
            <button
              type="button"
              onClick={() => props.onChange(props.identifiers.filter((i) => i !== identifier))}
            >
              {t('editor.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div class="inline">
        <label>
          {t('editor.kind')}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as IdentifierKind)}>
            {IDENTIFIER_KINDS.map((k) => (
              <option key={k} value={k}>
                {code(`identifier.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('editor.value')}
          <input
            data-testid="identifier-value"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="button" data-testid="add-identifier" disabled={!value.trim()} onClick={add}>
          {t('editor.add')}
        </button>
      </div>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
