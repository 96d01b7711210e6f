import { render } from 'preact';
import { StaffApp } from './staff-app.js';
import { loadStaffEnv } from './staff-env.js';
import { memberState } from '../popup/member-storage.js';
import { loadStaffLocale, staffLocale, staffPageTitle, t } from './staff-i18n.js';
import './staff.css';

async function start() {
  const root = document.getElementById('app')!;
  const [settings] = await Promise.all([memberState.settings(), loadStaffLocale()]);
  document.documentElement.lang = staffLocale.value;
  document.title = staffPageTitle(settings.discreet);
  const loaded = await loadStaffEnv();
  if (!loaded.ok) {
    render(
      <main class="staff locked">
        <p class="card error" role="alert" data-testid="staff-setup-problem">
          {t(`app.${loaded.problem}`)}
        </p>
      </main>,
      root,
    );
    return;
  }
  render(<StaffApp env={loaded.env} />, root);
}

void start();
