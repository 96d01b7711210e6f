/**
 * The report form's styles, one string for a constructable stylesheet (works under a CSP that
 * forbids inline styles) or a <link>ed file in the extension page. Sizes are in em from a 16px
 * host, never rem: the host page's root font size must not reach in. Colours meet WCAG AA
 * contrast (4.5:1 text, 3:1 controls) on the white background; focus is always visible.
 */
export const REPORT_FORM_CSS = `
:host {
  all: initial !important;
  display: block !important;
  visibility: visible !important;
  opacity: 1 !important;
  position: static !important;
  transform: none !important;
  font-size: 16px !important;
}
.report-form {
  --ink: #1b1b1f;
  --muted: #4a4a55;
  --line: #767684;
  --accent: #0b5cad;
  --accent-ink: #ffffff;
  --danger: #a4161a;
  --ok: #1f6b35;
  --soft: #f3f4f8;
  --focus: #ffbf47;
  box-sizing: border-box;
  color: var(--ink);
  background: #ffffff;
  font: 1em/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Thai",
    "Noto Sans Arabic", "PingFang SC", "Microsoft YaHei", sans-serif;
  text-align: start;
  max-width: 44em;
  margin: 0 auto;
  padding: 0 1em 1em;
}
.report-form *, .report-form *::before, .report-form *::after { box-sizing: inherit; }
.report-form [hidden] { display: none !important; }
h2 { font-size: 1.5em; line-height: 1.25; margin: 0.5em 0; }
h3 { font-size: 1.2em; line-height: 1.3; margin: 0.75em 0 0.5em; }
p { margin: 0.25em 0 0.75em; }
.exit-bar {
  position: sticky;
  top: 0;
  z-index: 2;
  display: flex;
  flex-wrap: wrap;
  gap: 0.5em 1em;
  justify-content: space-between;
  align-items: center;
  background: #ffffff;
  padding: 0.5em 0;
  border-bottom: 1px solid #d0d0d8;
}
/* WCAG 2.2 focus not obscured: a control scrolled into view (by focus or by a tap on a label)
   lands below the sticky bar, not under it. */
.report-form :is(input, select, textarea, button, a, label) { scroll-margin: 8.5em 0 1em; }
.exit-bar :is(input, select, button, a, label) { scroll-margin: 0; }
.language { display: flex; align-items: center; gap: 0.5em; min-width: 0; flex: 0 1 auto; }
.language label { font-weight: 600; }
.language select { width: auto; min-width: 0; max-width: 100%; }
.exit-options { margin: 0.5em 0 0; display: flex; flex-wrap: wrap; gap: 0.25em 1.5em; }
.exit-options > * { flex: 1 1 18em; }
.exit-options .hint { margin: 0; }
.quick-exit {
  background: var(--danger);
  border-color: var(--danger);
  color: #ffffff;
  font-weight: 700;
  min-width: 8em;
}
.intro { color: var(--ink); }
.hint, .optional { color: var(--muted); font-size: 0.9375em; }
.optional { font-weight: 400; }
.note { color: var(--ink); font-size: 0.9375em; margin: 0.25em 0 0; }
.note:empty { margin: 0; }
.field { margin: 0 0 1.25em; }
.field > label, legend { display: block; font-weight: 600; margin: 0 0 0.25em; }
input[type="text"], input[type="date"], input[type="email"], input[type="tel"], input:not([type]),
textarea, select {
  font: inherit;
  color: var(--ink);
  background: #ffffff;
  border: 2px solid var(--line);
  border-radius: 0.25em;
  padding: 0.5em 0.625em;
  width: 100%;
  max-width: 100%;
  min-height: 2.75em;
}
textarea { resize: vertical; min-height: 6em; }
.input-row { display: flex; gap: 0.5em; align-items: center; }
.input-row > input { flex: 1 1 auto; min-width: 0; }
fieldset { border: 0; padding: 0; margin: 0 0 1.25em; min-width: 0; }
fieldset.group { border-top: 1px solid #d0d0d8; padding-top: 0.75em; }
.choice { display: flex; align-items: flex-start; gap: 0.625em; margin: 0.375em 0; }
.choice input { width: 1.375em; height: 1.375em; margin: 0.1em 0 0; flex: none; accent-color: var(--accent); }
.choice label { font-weight: 400; cursor: pointer; }
.choice.small label { font-size: 0.9375em; }
.yes-no .pair { display: flex; gap: 1.5em; }
.yes-no { background: var(--soft); padding: 0.75em; border-radius: 0.375em; }
.yes-no legend { float: left; width: 100%; margin-bottom: 0.5em; }
.yes-no legend + * { clear: both; }
button {
  font: inherit;
  font-weight: 600;
  cursor: pointer;
  border: 2px solid var(--accent);
  background: var(--accent);
  color: var(--accent-ink);
  border-radius: 0.25em;
  padding: 0.5em 1.25em;
  min-height: 2.75em;
}
button.secondary { background: #ffffff; color: var(--accent); }
button.small { padding: 0.25em 0.75em; min-height: 2.25em; font-size: 0.9375em; }
button[disabled] { opacity: 0.7; cursor: progress; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
h3:focus, h3:focus-visible, fieldset:focus { outline: none; box-shadow: none; }
fieldset:focus-visible { outline: 3px solid var(--ink); }
.nav, .actions { display: flex; flex-wrap: wrap; gap: 0.75em; justify-content: space-between; margin: 1.5em 0 0.5em; }
.actions { justify-content: flex-start; }
.progress { display: flex; gap: 0.25em; margin: 1em 0 0; }
.progress span { flex: 1; height: 0.375em; border-radius: 0.2em; background: #d0d0d8; }
.progress span.done { background: var(--accent); }
.progress span.current { background: var(--ink); }
.problem { color: var(--danger); font-weight: 600; margin: 0 0 0.375em; }
.has-problem input, .has-problem textarea { border-color: var(--danger); }
.has-problem { border-inline-start: 4px solid var(--danger); padding-inline-start: 0.75em; }
.problem-summary:not(.empty) { border: 2px solid var(--danger); border-radius: 0.375em; padding: 0.5em 1em; margin: 0 0 1em; }
.problem-summary ul { margin: 0; padding-inline-start: 1.25em; }
.problem-summary a { color: var(--danger); font-weight: 600; }
.problem-summary .problem-question { color: var(--ink); font-weight: 400; }
.status { padding: 0.75em 1em; border-radius: 0.375em; background: var(--soft); border-inline-start: 4px solid var(--accent); }
.status.ok { border-color: var(--ok); }
.status.waiting { border-color: #8a5a00; }
.problem-banner { border-color: var(--danger); }
.restored { display: flex; flex-wrap: wrap; gap: 0.5em 1em; align-items: center; justify-content: space-between; }
.restored p { margin: 0; }
.review-section { border-top: 1px solid #d0d0d8; padding: 0.5em 0; }
.review-head { display: flex; justify-content: space-between; align-items: center; gap: 1em; }
dl { margin: 0; }
.review-row { display: grid; grid-template-columns: minmax(8em, 1fr) 2fr; gap: 0.25em 1em; padding: 0.25em 0; }
dt { color: var(--muted); }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.receipt-code {
  display: block;
  font: 700 1.5em/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  letter-spacing: 0.05em;
  padding: 0.5em 0.75em;
  margin: 0.25em 0 0.5em;
  background: var(--soft);
  border: 2px dashed var(--line);
  border-radius: 0.375em;
  white-space: nowrap;
  overflow-x: auto;
  direction: ltr;
  unicode-bidi: isolate;
  text-align: left;
}
.receipt-label { font-weight: 600; margin-top: 1em; }
.receipt-more { margin: 0.5em 0 0; }
/* Chromium wraps a <details>'s content in a slot of its own, so 'inherit' above reads the
   default content-box from it and a button grows by its padding and border. */
.receipt-more * { box-sizing: border-box; }
.receipt-more > summary {
  width: fit-content;
  min-height: 2.75em;
  padding: 0.5em 0;
  color: var(--accent);
  font-weight: 600;
  cursor: pointer;
}
.receipt-more[open] > summary { margin-bottom: 0.25em; }
.reply-list { list-style: none; padding: 0; }
.reply { border-top: 1px solid #d0d0d8; padding: 0.5em 0; }
.reply-meta { color: var(--muted); font-size: 0.9375em; }
.reply-text { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.untrusted { unicode-bidi: isolate; }
[dir="rtl"] input[dir="ltr"] { text-align: right; }
@media (max-width: 30em) {
  .report-form { padding: 0 0.75em 0.75em; }
  .receipt-code { font-size: 1.15em; padding: 0.5em; }
  .review-row { grid-template-columns: 1fr; }
  .nav button[type="submit"] { flex: 1 1 auto; }
}
@media (prefers-reduced-motion: no-preference) {
  button { transition: background-color 0.1s; }
}
`;
