/**
 * Background sync of the alert feed for a member: joining with an invite, the verified
 * directory, pulling and applying alerts, and the member's stored state. The extension's service
 * worker drives it (alarms, a live WebSocket); nothing here holds state only in memory.
 */
export * from './member-state.js';
export * from './directory-cache.js';
export * from './join-network.js';
export * from './member-grants.js';
export * from './pull-alerts.js';
export * from './sync-engine.js';
export * from './left-out.js';
