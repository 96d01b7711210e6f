/**
 * "Check this number" hands the selected text to the popup through session storage, under this
 * key. In its own file so the popup reads it without loading the service worker's modules.
 */
export const PENDING_CHECK_KEY = 'umn:pending-check';
