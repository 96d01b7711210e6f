import ky, { HTTPError, type KyInstance } from 'ky';
import type { SchemeSecrets } from './protocol/keys.js';
import type { ReportEnvelope } from './protocol/report-envelope.js';
import type { AlertEnvelope } from './protocol/alert-envelope.js';
import type { InviteRecord } from './protocol/invite.js';
import type { ReplyEnvelope } from './protocol/receipt.js';
import type { StaffVault } from './protocol/staff-vault.js';
import type { JournalEnvelope, JournalRecord } from './protocol/staff-journal.js';
import { signRequest } from './protocol/signed-request.js';
import type { DeviceEnrolmentEnvelope } from './protocol/device-enrolment.js';
import type { KeyGrantEnvelope } from './protocol/key-grant.js';

/**
 * The one client for the relay API (docs/api.md), used by the widget, the extension and the
 * staff tools. It never sends anything the relay could read: envelopes are sealed before they
 * reach it, and checks of a client's number never call it at all.
 */

/** A relay answer that was not a success, with the relay's stable code. */
export class RelayError extends Error {
  constructor(
    /** Stable error code from the relay, or `offline` when it could not be reached. */
    readonly code: string,
    /** HTTP status, or 0 when the relay was not reached. */
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RelayError';
  }

  /** True when trying again later may succeed (offline, rate limited, relay trouble). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** One stored report as a scheme lists it. */
export interface ListedReport {
  seq: number;
  envelope: ReportEnvelope;
  receivedAt: number;
}

/** One alert envelope in the feed. */
export interface FeedAlert {
  seq: number;
  envelope: AlertEnvelope;
}

/** Options for a relay client. */
export interface RelayClientOptions {
  /** fetch to use (tests, service workers). Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms (default 15 s). */
  timeout?: number;
}

/** Creates a client for the relay at `baseUrl` (e.g. `http://127.0.0.1:8787`). */
export function createRelayClient(baseUrl: string, options: RelayClientOptions = {}) {
  const http: KyInstance = ky.create({
    prefixUrl: baseUrl.replace(/\/+$/, ''),
    timeout: options.timeout ?? 15_000,
    retry: 0,
    credentials: 'omit',
    cache: 'no-store',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    signer?: SchemeSecrets,
  ): Promise<T> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> =
      body === undefined ? {} : { 'content-type': 'application/json' };
    if (signer) {
      Object.assign(
        headers,
        signRequest({ method, path, body: text }, signer.scheme, signer.signing.secretKey),
      );
    }
    try {
      return await http(path.slice(1), { method, headers, body: text || undefined }).json<T>();
    } catch (cause) {
      throw await toRelayError(cause);
    }
  }

  const scheme = (id: string) => `/v1/schemes/${encodeURIComponent(id)}`;

  return {
    baseUrl,
    health: () => call<{ ok: boolean }>('GET', '/v1/health'),
    /** The signed directory, unverified: pass it to verifyDirectory with the pinned root. */
    directory: () => call<unknown>('GET', '/v1/directory'),

    submitReport: (envelope: ReportEnvelope) =>
      call<{ id: string; receivedAt: number }>('POST', '/v1/reports', envelope),
    listReports: (secrets: SchemeSecrets, after = 0, limit = 100) =>
      call<{ reports: ListedReport[]; cursor: number }>(
        'GET',
        `${scheme(secrets.scheme)}/reports?after=${after}&limit=${limit}`,
        undefined,
        secrets,
      ),
    ackReports: (secrets: SchemeSecrets, ids: string[]) =>
      call<{ acknowledged: number }>(
        'POST',
        `${scheme(secrets.scheme)}/reports/ack`,
        { ids },
        secrets,
      ),

    publishAlert: (secrets: SchemeSecrets, envelope: AlertEnvelope) =>
      call<{ seq: number }>('POST', '/v1/alerts', envelope, secrets),
    alerts: (after = 0, limit = 500) =>
      call<{ alerts: FeedAlert[]; cursor: number }>(
        'GET',
        `/v1/alerts?after=${after}&limit=${limit}`,
      ),
    /** URL of the server-sent event stream, resuming after `after`. */
    alertStreamUrl: (after = 0) => `${baseUrl.replace(/\/+$/, '')}/v1/alerts/stream?after=${after}`,
    /** URL of the WebSocket feed, resuming after `after`. */
    alertSocketUrl: (after = 0) =>
      `${baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/v1/alerts/socket?after=${after}`,

    createInvite: (secrets: SchemeSecrets, record: InviteRecord) =>
      call<{ id: string }>('POST', '/v1/invites', record, secrets),
    listInvites: (secrets: SchemeSecrets) =>
      call<{ invites: { id: string; expiresAt: number; redeemedAt: number | null }[] }>(
        'GET',
        `${scheme(secrets.scheme)}/invites`,
        undefined,
        secrets,
      ),
    revokeInvite: (secrets: SchemeSecrets, id: string) =>
      call<{ revoked: boolean }>(
        'DELETE',
        `${scheme(secrets.scheme)}/invites/${encodeURIComponent(id)}`,
        undefined,
        secrets,
      ),
    redeemInvite: (id: string) =>
      call<{ scheme: string; nonce: string; box: string }>(
        'POST',
        `/v1/invites/${encodeURIComponent(id)}/redeem`,
        {},
      ),

    postReply: (secrets: SchemeSecrets, receiptId: string, envelope: ReplyEnvelope) =>
      call<{ seq: number }>('POST', '/v1/replies', { receiptId, envelope }, secrets),
    replies: (receiptId: string) =>
      call<{ replies: { seq: number; envelope: ReplyEnvelope; createdAt: number }[] }>(
        'GET',
        `/v1/replies/${encodeURIComponent(receiptId)}`,
      ),

    staffVaults: (schemeId: string) =>
      call<{ vaults: StaffVault[] }>('GET', `${scheme(schemeId)}/staff-vaults`),
    putStaffVault: (secrets: SchemeSecrets, vault: StaffVault) =>
      call<unknown>(
        'PUT',
        `${scheme(secrets.scheme)}/staff-vaults/${encodeURIComponent(vault.staff)}`,
        vault,
        secrets,
      ),
    deleteStaffVault: (secrets: SchemeSecrets, staff: string) =>
      call<unknown>(
        'DELETE',
        `${scheme(secrets.scheme)}/staff-vaults/${encodeURIComponent(staff)}`,
        undefined,
        secrets,
      ),

    /** Publishes (replacing) the blind matching tokens of one unpublished report under `ref`. */
    putMatchTokens: (secrets: SchemeSecrets, ref: string, tokens: string[], expiresAt: number) =>
      call<{ stored: boolean }>(
        'PUT',
        `${scheme(secrets.scheme)}/match-tokens/${encodeURIComponent(ref)}`,
        { tokens, expiresAt },
        secrets,
      ),
    /** Withdraws the tokens published under `ref` (closed or alerted report). */
    deleteMatchTokens: (secrets: SchemeSecrets, ref: string) =>
      call<{ deleted: boolean }>(
        'DELETE',
        `${scheme(secrets.scheme)}/match-tokens/${encodeURIComponent(ref)}`,
        undefined,
        secrets,
      ),
    /** Appends to the scheme's staff journal; RelayError `stale-head` when `previous` is old. */
    appendJournal: (secrets: SchemeSecrets, previous: string, envelope: JournalEnvelope) =>
      call<{ seq: number; link: string }>(
        'POST',
        `${scheme(secrets.scheme)}/journal`,
        { previous, envelope },
        secrets,
      ),
    /** The scheme's staff journal entries after `after` (unverified: see verifyJournal). */
    listJournal: (secrets: SchemeSecrets, after = 0, limit = 500) =>
      call<{ entries: JournalRecord[]; cursor: number }>(
        'GET',
        `${scheme(secrets.scheme)}/journal?after=${after}&limit=${limit}`,
        undefined,
        secrets,
      ),
    /** Enrols this device under the invite it just redeemed (members' key rotation). */
    enrolDevice: (invite: string, envelope: DeviceEnrolmentEnvelope) =>
      call<{ enrolled: boolean }>('POST', '/v1/enrolments', { invite, envelope }),
    /** The scheme's device enrolments (sealed; staff open them with openDeviceEnrolment). */
    listEnrolments: (secrets: SchemeSecrets) =>
      call<{ enrolments: ListedEnrolment[] }>(
        'GET',
        `${scheme(secrets.scheme)}/enrolments`,
        undefined,
        secrets,
      ),
    /** Deletes the enrolment under `invite`: that device is left out of the next rotation. */
    removeEnrolment: (secrets: SchemeSecrets, invite: string) =>
      call<{ deleted: boolean }>(
        'DELETE',
        `${scheme(secrets.scheme)}/enrolments/${encodeURIComponent(invite)}`,
        undefined,
        secrets,
      ),
    /** Posts key grants the scheme issued (at most 100 a call). */
    postGrants: (secrets: SchemeSecrets, grants: KeyGrantEnvelope[]) =>
      call<{ stored: number }>('POST', '/v1/grants', { grants }, secrets),
    /** Grants waiting for a recipient id (unverified: see openKeyGrant). */
    grants: (recipient: string) =>
      call<{ grants: ListedGrant[] }>('GET', `/v1/grants/${encodeURIComponent(recipient)}`),
    /** Deletes a device's grants once it has stored what they carry. */
    ackGrants: (recipient: string, ids: number[]) =>
      call<{ deleted: number }>('POST', `/v1/grants/${encodeURIComponent(recipient)}/ack`, {
        ids,
      }),
    /** Which OTHER schemes hold each of `tokens` (tokens nobody else holds are left out). */
    queryMatches: (secrets: SchemeSecrets, tokens: string[]) =>
      call<{ matches: MatchAnswer[] }>('POST', '/v1/match-queries', { tokens }, secrets),
  };
}

/** A device enrolment as the relay lists it to its scheme. */
export interface ListedEnrolment {
  invite: string;
  envelope: DeviceEnrolmentEnvelope;
  enrolledAt: number;
}

/** A key grant waiting for its recipient; `id` is what it acknowledges. */
export interface ListedGrant {
  id: number;
  envelope: KeyGrantEnvelope;
}

/** One matched token: the other schemes holding an unpublished report that names it. */
export interface MatchAnswer {
  token: string;
  schemes: string[];
}

/** The relay client's type. */
export type RelayClient = ReturnType<typeof createRelayClient>;

async function toRelayError(cause: unknown): Promise<RelayError> {
  if (cause instanceof HTTPError) {
    const status = cause.response.status;
    let code = 'http-' + status;
    let message = `The relay answered ${status}.`;
    try {
      const body = (await cause.response.json()) as { error?: { code?: string; message?: string } };
      if (typeof body.error?.code === 'string') code = body.error.code;
      if (typeof body.error?.message === 'string') message = body.error.message;
    } catch {
      // Not JSON (a proxy's error page): keep the status-based code.
    }
    return new RelayError(code, status, message, { cause });
  }
  return new RelayError('offline', 0, 'The relay could not be reached. It will be tried again.', {
    cause,
  });
}
