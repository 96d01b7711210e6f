import { createOutbox, type Outbox } from '../outbox.js';
import type { RelayClient } from '../relay-client.js';
import type { ReportContent } from '../domain/report.js';
import { readReplies, type RepliesResult } from './read-replies.js';
import {
  createSchemeDirectory,
  type DirectoryCacheStorage,
  type SchemeProblem,
} from './scheme-directory.js';
import { submitReport, type SubmitOutcome } from './submit-report.js';

/**
 * Everything the report form does over the network, in one object: the outbox, the verified
 * scheme directory, sealing and sending, reading replies. Built in its own module so the widget
 * can load it (tweetnacl, ky) after the form has rendered: a frightened person on a slow phone
 * sees the first question before any cryptography has downloaded.
 */
export interface ReportConnection {
  outbox: Outbox;
  /** Null when the scheme's keys are available; else why not. */
  checkScheme(): Promise<SchemeProblem | null>;
  /** Seals, queues and sends a finished report. */
  submit(report: ReportContent): Promise<SubmitOutcome>;
  /** Reads the scheme's replies for a typed receipt code. */
  readReplies(code: string): Promise<RepliesResult>;
  /** A scheme's display name from the verified directory. */
  schemeName(scheme: string): string | undefined;
}

/** Options for createReportConnection. */
export interface ReportConnectionOptions {
  relay: Pick<RelayClient, 'directory' | 'submitReport' | 'replies'>;
  /** The network's pinned root public key (32 bytes). */
  rootKey: Uint8Array;
  scheme: string;
  /** Where the last verified directory is cached (localStorage), or null for none. */
  cache?: DirectoryCacheStorage | null;
  /** The outbox's IndexedDB name (default `umn-outbox`). */
  outboxName?: string;
  /** Use this outbox instead of opening one (the extension shares its own). */
  outbox?: Outbox;
}

/** Creates the connection. Throws on a root key that is not 32 bytes (misuse). */
export function createReportConnection(options: ReportConnectionOptions): ReportConnection {
  const directory = createSchemeDirectory(options);
  const outbox =
    options.outbox ?? createOutbox({ relay: options.relay, dbName: options.outboxName });

  // The directory read once for checks and replies (a reply's signature is checked against it);
  // sending reads it afresh so a report is sealed to the newest key.
  let first: ReturnType<typeof directory.keys> | undefined;
  const loaded = () => (first ??= directory.keys());

  return {
    outbox,
    checkScheme: async () => {
      const keys = await loaded();
      return keys.ok ? null : keys.problem;
    },
    submit: (report) => submitReport(report, { directory, outbox }),
    readReplies: async (code) => {
      await loaded();
      return readReplies(code, options.relay, directory.signingKeyOf);
    },
    schemeName: directory.schemeName,
  };
}
