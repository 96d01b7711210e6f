/**
 * The one logger of the extension and the widget: prefixed, and silent unless debugging is
 * switched on (`localStorage['umn:debug'] = '1'` on a page, or `setDebug(true)`). Callers pass
 * event names and counts, never identifiers, keys or report text.
 */

let debug = false;

/** Turns debug logging on or off for this context. */
export function setDebug(on: boolean): void {
  debug = on;
}

function enabled(): boolean {
  if (debug) return true;
  try {
    return globalThis.localStorage?.getItem('umn:debug') === '1';
  } catch {
    return false;
  }
}

/** Creates a logger whose lines start with `[umn:<part>]`. */
export function createLogger(part: string) {
  const prefix = `[umn:${part}]`;
  return {
    debug: (event: string, facts?: Record<string, string | number | boolean>) => {
      if (enabled()) console.warn(prefix, event, facts ?? '');
    },
    /** Always printed: something failed that the user may notice. */
    error: (event: string, facts?: Record<string, string | number | boolean>) => {
      console.error(prefix, event, facts ?? '');
    },
  };
}
