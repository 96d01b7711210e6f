import { useSignal } from '@preact/signals';
import { eraseThisDevice } from './erase-device.js';
import { t } from './ui-locale.js';

/**
 * Settings' "Leave and erase everything on this device": for a worker whose device may be
 * inspected, or who was left out of a key rotation and must join again with a new invite code.
 * A confirm step lists exactly what is deleted before anything is.
 */

/** What erasing deletes, in the order the confirm step lists it. */
const ERASED = ['alerts', 'membership', 'settings', 'reports', 'sites'] as const;

export function LeaveNetwork({
  onErased,
  onCancel,
  confirming: startConfirming = false,
  erase = eraseThisDevice,
}: {
  onErased: () => void;
  onCancel?: () => void;
  /** Open at the confirm step (the left-out banner's "join again"). */
  confirming?: boolean;
  erase?: () => Promise<boolean>;
}) {
  const confirming = useSignal(startConfirming);
  const busy = useSignal(false);
  const failed = useSignal(false);

  if (!confirming.value) {
    return (
      <section class="leave" data-testid="leave">
        <h2>{t('ext.leave.title')}</h2>
        <p>{t('ext.leave.explain')}</p>
        <button type="button" data-testid="leave-start" onClick={() => (confirming.value = true)}>
          {t('ext.leave.start')}
        </button>
      </section>
    );
  }

  const confirm = async () => {
    busy.value = true;
    failed.value = false;
    const ok = await erase();
    busy.value = false;
    if (ok) onErased();
    else failed.value = true;
  };
  return (
    <section class="leave" data-testid="leave-confirm-step">
      <h2>{t('ext.leave.start')}</h2>
      <p>{t('ext.leave.confirm-title')}</p>
      <ul>
        {ERASED.map((item) => (
          <li key={item}>{t(`ext.leave.item.${item}`)}</li>
        ))}
      </ul>
      <p>{t('ext.leave.kept')}</p>
      {failed.value && (
        <p class="error" role="alert" data-testid="leave-failed">
          {t('ext.leave.failed')}
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          data-testid="leave-confirm"
          disabled={busy.value}
          onClick={() => void confirm()}
        >
          {t('ext.leave.confirm')}
        </button>
        <button
          type="button"
          class="link"
          data-testid="leave-cancel"
          disabled={busy.value}
          onClick={() => {
            confirming.value = false;
            onCancel?.();
          }}
        >
          {t('ext.leave.cancel')}
        </button>
      </div>
    </section>
  );
}
