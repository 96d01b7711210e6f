import { useState } from 'preact/hooks';
import { CodeChecks } from './code-checks.js';
import { t } from './staff-i18n.js';

/** Region tags of an alert: the scheme's regions offered, and any other typed in. */
export function RegionTags(props: {
  offered: readonly string[];
  chosen: readonly string[];
  onChange: (regions: string[]) => void;
}) {
  const [typed, setTyped] = useState('');
  const offered = [...new Set([...props.offered, ...props.chosen])];

  function add() {
    const region = typed.trim();
    if (!region) return;
    props.onChange([...props.chosen.filter((r) => r !== region), region]);
    setTyped('');
  }

  return (
    <>
      <CodeChecks
        legend={t('editor.regions')}
        codes={offered}
        chosen={props.chosen}
        label={(region) => region}
        onChange={props.onChange}
        testId="alert-regions"
      />
      <div class="inline">
        <label>
          {t('editor.add-region')}
          <input maxLength={60} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
        <button type="button" disabled={!typed.trim()} onClick={add}>
          {t('editor.add')}
        </button>
      </div>
    </>
  );
}
