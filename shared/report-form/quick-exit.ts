/**
 * Quick exit: a visible button and Escape pressed twice (within a second, anywhere on the page)
 * leave for a neutral site. `location.replace` keeps the form's page out of the back button's
 * reach for this entry (earlier history entries are the browser's, and cannot be removed).
 */

/** Default neutral destination (a weather page looks like nothing in particular). */
export const DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather';

/** Calls `onExit` when Escape is pressed twice within `windowMs`. Returns a stop function. */
export function listenForDoubleEscape(
  onExit: () => void,
  target: EventTarget = window,
  windowMs = 1000,
) {
  let last = -Infinity;
  const onKey = (event: Event) => {
    if ((event as KeyboardEvent).key !== 'Escape') return;
    const now = performance.now();
    if (now - last <= windowMs) {
      last = -Infinity;
      onExit();
      return;
    }
    last = now;
  };
  target.addEventListener('keydown', onKey, true);
  return () => target.removeEventListener('keydown', onKey, true);
}

/** Leaves the page for `url` without leaving this page in the back-button history. */
export function leaveFor(url: string): void {
  try {
    window.location.replace(url);
  } catch {
    window.location.href = 'about:blank';
  }
}
