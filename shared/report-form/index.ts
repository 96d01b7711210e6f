/**
 * The one report form (issue 6), used by the embeddable widget (widget/) and by the extension's
 * report page (entrypoints/report/). Hosts give it a scheme id and services: the verified scheme
 * directory, the outbox, the encrypted draft store and the relay (for replies).
 *
 * This entry point is what renders first and stays free of tweetnacl and ky; the network side
 * is `./connection.ts` (createReportConnection), which hosts import lazily.
 */
export {
  ReportForm,
  type ReportFormProps,
  type ReportServices,
  type SubmittedReceipt,
} from './report-form.js';
export { REPORT_FORM_CSS } from './styles.js';
export type { SchemeProblem } from './scheme-directory.js';
export { DEFAULT_EXIT_URL, leaveFor, listenForDoubleEscape } from './quick-exit.js';
export { STEPS, CONSENT_KEYS, createFormState, type FormDraft } from './form-state.js';
export type { SubmitOutcome } from './submit-report.js';
export type { RepliesResult } from './read-replies.js';
export type { ReportConnection, ReportConnectionOptions } from './report-connection.js';
export type { FieldProblem } from './validate.js';
