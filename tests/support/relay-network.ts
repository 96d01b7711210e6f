import nacl from 'tweetnacl';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { randomBytes } from '../../shared/crypto/random.js';
import type { AlertContent, RetractionContent } from '../../shared/domain/alert.js';
import type { ReportContent } from '../../shared/domain/report.js';
import { sealAlert, type AlertEnvelope } from '../../shared/protocol/alert-envelope.js';
import { signDirectory, type SignedDirectory } from '../../shared/protocol/directory.js';
import {
  createMembersKey,
  createSchemeSecrets,
  type KeyPair,
  type MembersKey,
  type SchemeSecrets,
} from '../../shared/protocol/keys.js';
import { sealReport, type ReportEnvelope } from '../../shared/protocol/report-envelope.js';
import { signRequest } from '../../shared/protocol/signed-request.js';
import type { RelayStore } from '../../server/store/relay-store.js';

/**
 * A network built in memory for relay tests: a root key, members' key and schemes with their
 * secrets, so tests can sign directories, requests and alerts exactly as clients do. Only
 * fictional identifiers (Ofcom drama ranges) appear in the sample reports and alerts.
 */
export interface TestNetwork {
  root: KeyPair;
  members: MembersKey[];
  schemes: Map<string, SchemeSecrets>;
  /** Status overrides for the next signed directory. */
  suspended: Set<string>;
  version: number;
}

/** Creates a network with the given scheme ids. */
export function createTestNetwork(ids: string[]): TestNetwork {
  const members = [createMembersKey(1)];
  return {
    root: nacl.sign.keyPair.fromSeed(randomBytes(32)),
    members,
    schemes: new Map(ids.map((id) => [id, createSchemeSecrets(id, members)])),
    suspended: new Set(),
    version: 0,
  };
}

/** Signs the network's next directory version. */
export function nextDirectory(network: TestNetwork): SignedDirectory {
  network.version += 1;
  return signDirectory(
    {
      v: 1,
      network: 'Test network',
      version: network.version,
      issuedAt: Date.now(),
      schemes: [...network.schemes.values()].map((s) => ({
        id: s.scheme,
        name: `Scheme ${s.scheme}`,
        regions: ['Testshire'],
        boxKey: toBase64Url(s.box.publicKey),
        signingKey: toBase64Url(s.signing.publicKey),
        status: network.suspended.has(s.scheme) ? 'suspended' : 'active',
      })),
    },
    network.root.secretKey,
  );
}

/** Signs and stores the next directory version. */
export async function publishDirectory(network: TestNetwork, store: RelayStore): Promise<void> {
  if (!(await store.putDirectory(nextDirectory(network)))) {
    throw new Error('publishDirectory: the store refused the directory');
  }
}

/** A new random id as clients make them (16 bytes, base64url). */
export function newId(): string {
  return toBase64Url(randomBytes(16));
}

/** A report with only fictional details. */
export function sampleReportContent(scheme: string, id = newId()): ReportContent {
  return {
    v: 1,
    id,
    scheme,
    createdAt: Date.now(),
    language: 'en',
    incidentTypes: ['robbery'],
    when: { date: '2026-11-30', timeOfDay: '' },
    where: { area: 'Testshire', setting: '' },
    who: {
      phones: ['07700 900123'],
      emails: ['client@example.com'],
      handles: [],
      vehicle: { make: '', colour: '', plate: 'TE57 ABC' },
      nameUsed: 'Dave',
      description: '',
    },
    narrative: 'UNIQUE-PLAINTEXT-MARKER took the money back by force.',
    consent: {
      workerAlert: true,
      otherSchemes: false,
      policeIntelligence: false,
      policeIdentified: false,
      reply: false,
    },
    reporterContact: '',
    replyKey: '',
  };
}

/** A sealed report to `scheme`. */
export function sampleReport(network: TestNetwork, scheme: string, id = newId()): ReportEnvelope {
  const secrets = network.schemes.get(scheme)!;
  return sealReport(sampleReportContent(scheme, id), secrets.box.publicKey);
}

/** A signed, encrypted alert from `scheme`, valid for `days`. */
export function sampleAlert(
  network: TestNetwork,
  scheme: string,
  days = 30,
  now = Date.now(),
): AlertEnvelope {
  const alert: AlertContent = {
    v: 1,
    kind: 'alert',
    id: newId(),
    scheme,
    revision: 1,
    issuedAt: now,
    expiresAt: now + days * 86_400_000,
    regions: ['Testshire'],
    area: 'Testshire',
    incidentDate: '2026-11-30',
    severity: 'high',
    incidentTypes: ['robbery'],
    setting: 'outcall',
    identifiers: [{ kind: 'phone', value: '+447700900123' }],
    advice: ['do-not-book'],
    description: 'UNIQUE-PLAINTEXT-MARKER took the money back by force.',
  };
  const secrets = network.schemes.get(scheme)!;
  return sealAlert(alert, secrets.signing.secretKey, network.members[0]!);
}

/** A signed retraction from `scheme`. */
export function sampleRetraction(network: TestNetwork, scheme: string): AlertEnvelope {
  const retraction: RetractionContent = {
    v: 1,
    kind: 'retraction',
    id: newId(),
    scheme,
    alertId: newId(),
    issuedAt: Date.now(),
  };
  const secrets = network.schemes.get(scheme)!;
  return sealAlert(retraction, secrets.signing.secretKey, network.members[0]!);
}

/** Sends a request signed by `scheme` (as staff tools do). */
export async function signedFetch(
  baseUrl: string,
  network: TestNetwork,
  scheme: string,
  method: string,
  path: string,
  body?: unknown,
  options: { now?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const secrets = network.schemes.get(scheme)!;
  const headers = signRequest(
    { method, path, body: text },
    scheme,
    secrets.signing.secretKey,
    options.now,
  );
  return fetch(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers, ...options.headers },
    body: body === undefined ? undefined : text,
  });
}

/** Posts JSON anonymously. */
export function postJson(baseUrl: string, path: string, body: unknown): Promise<Response> {
  return fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
