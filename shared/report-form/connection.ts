/**
 * The report form's network side (sealing, outbox, directory, replies): import this lazily
 * (`import('../shared/report-form/connection.js')`) so the form's first render does not wait for
 * tweetnacl and the relay client.
 */
export {
  createReportConnection,
  type ReportConnection,
  type ReportConnectionOptions,
} from './report-connection.js';
export { submitReport, finalReport, type SubmitOutcome } from './submit-report.js';
export { readReplies, type RepliesResult } from './read-replies.js';
export {
  createSchemeDirectory,
  type SchemeDirectory,
  type SchemeDirectoryOptions,
  type SchemeKeys,
  type SchemeProblem,
} from './scheme-directory.js';
