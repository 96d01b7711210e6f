import type { IdentifierKind } from '../../domain/codes.js';
import type { ReportContent } from '../../domain/report.js';
import { TextArea, TextField } from '../fields.js';
import { useForm } from '../form-context.js';
import { identifierModule, type ReadIdentifierAs } from '../identifier-reader.js';
import { LIMITS, looksLikeEmail } from '../validate.js';
import { ltr } from '../bidi.js';

/**
 * Step 4: who he was. Phone numbers, emails and online names are lists (several are common);
 * each number is shown as it will be read, so a mistyped digit is caught here, not by staff.
 */
export function WhoStep() {
  const { form, update, t } = useForm();
  const { who } = form.report;
  const read = identifierModule.use()?.readIdentifierAs;

  const set = (change: (w: ReportContent['who']) => void) => update((r) => change(r.who));

  return (
    <>
      <p class="intro">{t('who.intro')}</p>
      <ListField
        kind="phone"
        legend={t('who.phones')}
        itemLabel="who.phone"
        addLabel={t('who.add-phone')}
        values={who.phones}
        onChange={(values) => set((w) => void (w.phones = values))}
        note={(raw) => phoneNote(read, raw, t)}
        inputMode="tel"
      />
      <ListField
        kind="email"
        legend={t('who.emails')}
        itemLabel="who.email"
        addLabel={t('who.add-email')}
        values={who.emails}
        onChange={(values) => set((w) => void (w.emails = values))}
        note={(raw) => emailNote(read, raw, t)}
        inputMode="email"
      />
      <ListField
        kind="handle"
        legend={t('who.handles')}
        itemLabel="who.handle"
        addLabel={t('who.add-handle')}
        values={who.handles}
        onChange={(values) => set((w) => void (w.handles = values))}
        note={(raw) => readAs(read, 'handle', raw, t)}
      />
      <fieldset class="group">
        <legend>{t('who.vehicle')}</legend>
        <TextField
          id="vehicle-make"
          label={t('who.vehicle-make')}
          value={who.vehicle.make}
          maxLength={LIMITS.short}
          optional
          onInput={(v) => set((w) => void (w.vehicle.make = v))}
        />
        <TextField
          id="vehicle-colour"
          label={t('who.vehicle-colour')}
          value={who.vehicle.colour}
          maxLength={LIMITS.short}
          optional
          onInput={(v) => set((w) => void (w.vehicle.colour = v))}
        />
        <TextField
          id="vehicle-plate"
          ltr
          label={t('who.vehicle-plate')}
          value={who.vehicle.plate}
          maxLength={LIMITS.short}
          optional
          note={plateNote(read, who.vehicle.plate, t)}
          onInput={(v) => set((w) => void (w.vehicle.plate = v))}
        />
      </fieldset>
      <TextField
        id="name-used"
        label={t('who.name-used')}
        value={who.nameUsed}
        maxLength={LIMITS.short}
        optional
        onInput={(v) => set((w) => void (w.nameUsed = v))}
      />
      <TextArea
        id="description"
        label={t('who.description')}
        hint={t('who.description-hint')}
        value={who.description}
        maxLength={LIMITS.description}
        rows={4}
        optional
        onInput={(v) => set((w) => void (w.description = v))}
      />
    </>
  );
}

type Translate = (key: string, vars?: Record<string, string | number>) => string;

interface ListFieldProps {
  kind: 'phone' | 'email' | 'handle';
  legend: string;
  itemLabel: string;
  addLabel: string;
  values: string[];
  onChange: (values: string[]) => void;
  note: (raw: string) => string | undefined;
  inputMode?: 'tel' | 'email';
}

/** A growing list of one kind of identifier, always with at least one field. */
function ListField(props: ListFieldProps) {
  const { t } = useForm();
  const values = props.values.length > 0 ? props.values : [''];
  const replace = (index: number, value: string | null) => {
    const next = [...values];
    if (value === null) next.splice(index, 1);
    else next[index] = value;
    props.onChange(next);
  };

  return (
    <fieldset class="group">
      <legend>
        {props.legend} <span class="optional">({t('form.optional')})</span>
      </legend>
      {values.map((value, index) => (
        <TextField
          key={index}
          id={`${props.kind}-${index}`}
          label={t(props.itemLabel, { n: index + 1 })}
          value={value}
          maxLength={LIMITS.short}
          inputMode={props.inputMode}
          ltr
          note={props.note(value)}
          onInput={(v) => replace(index, v)}
          after={
            values.length > 1 ? (
              <button
                type="button"
                class="secondary small"
                aria-label={`${t('form.remove')}: ${t(props.itemLabel, { n: index + 1 })}`}
                onClick={() => replace(index, null)}
              >
                {t('form.remove')}
              </button>
            ) : null
          }
        />
      ))}
      {values.length < LIMITS.list ? (
        <button
          type="button"
          class="secondary"
          data-testid={`add-${props.kind}`}
          onClick={() => props.onChange([...values, ''])}
        >
          {props.addLabel}
        </button>
      ) : null}
    </fieldset>
  );
}

type Reader = ReadIdentifierAs | undefined;

function readAs(read: Reader, kind: IdentifierKind, raw: string, t: Translate): string | undefined {
  if (!read || raw.trim() === '') return undefined;
  const reading = read(kind, raw);
  if (!reading.ok) return undefined;
  // A partial in the reporter's words ("readAs" is English), its characters left to right.
  const { part } = reading;
  const value = part ? t(`who.part.${part.at}`, { value: ltr(part.shown) }) : ltr(reading.readAs);
  return t('who.read-as', { value });
}

function phoneNote(read: Reader, raw: string, t: Translate): string | undefined {
  if (!read || raw.trim() === '') return undefined;
  const full = read('phone', raw);
  if (full.ok) return t('who.read-as', { value: ltr(full.readAs) });
  const partial = read('partial-phone', raw);
  return partial.ok ? t('who.phone-partial') : t('who.phone-unreadable');
}

function emailNote(read: Reader, raw: string, t: Translate): string | undefined {
  if (raw.trim() === '') return undefined;
  const reading = read?.('email', raw);
  if (reading?.ok) return t('who.read-as', { value: ltr(reading.readAs) });
  return looksLikeEmail(raw) ? undefined : t('who.email-invalid');
}

function plateNote(read: Reader, raw: string, t: Translate): string | undefined {
  return readAs(read, 'plate', raw, t) ?? readAs(read, 'partial-plate', raw, t);
}
