/**
 * The trust protocol's public API. Everything a client or the relay needs to seal, sign, open and
 * verify network messages. docs/protocol.md describes each message and the threat model.
 */
export * from './keys.js';
export * from './directory.js';
export * from './directory-state.js';
export * from './report-envelope.js';
export * from './alert-envelope.js';
export * from './alert-update.js';
export * from './signed-request.js';
export * from './replay-guard.js';
export * from './code.js';
export * from './invite.js';
export * from './device-enrolment.js';
export * from './key-grant.js';
export * from './matching-token.js';
export * from './receipt.js';
export * from './staff-vault.js';
export * from './staff-journal.js';
export * from './padding.js';
