import { browser } from 'wxt/browser';

/**
 * Opens the join page when the extension is installed, unless this browser already joined: a
 * browser that installs the extension afresh at every start (an unpacked or managed install)
 * would otherwise greet a joined worker, on a possibly shared screen, with it every time.
 */
export async function openOnboardingAfterInstall(
  reason: string,
  joined: () => Promise<unknown>,
): Promise<boolean> {
  if (reason !== 'install' || (await joined())) return false;
  await browser.tabs.create({ url: browser.runtime.getURL('/onboarding.html') });
  return true;
}
