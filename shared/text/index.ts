/** Showing untrusted text safely: see display-text.ts. */
export { displayText } from './display-text.js';
export { regionLabel } from './region-label.js';
