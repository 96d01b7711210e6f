import { fromBase64UrlExact, toBase64Url } from '../encoding/bytes.js';
import { hasExactKeys, isInt, isListOf, isSchemeId, isText } from '../encoding/shape.js';
import type { KeyPair, MembersKey } from '../protocol/keys.js';
import {
  isDeviceEnrolmentEnvelope,
  type DeviceEnrolmentEnvelope,
} from '../protocol/device-enrolment.js';
import type { Directory, SignedDirectory } from '../protocol/directory.js';
import type { StoredNetwork } from '../network-config.js';

/**
 * What the extension remembers about the worker's place in the network, in extension storage
 * (`browser.storage.local`, injected as a key-value area so tests use a map): the network chosen
 * in onboarding, the membership an invite gave, the last verified directory, and the worker's
 * settings. Everything read back is checked again: storage can be edited by anything running as
 * the extension's profile, and a half-written value must not break sync.
 */

/** The subset of `browser.storage.local` this module uses. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** A worker's membership of a scheme: the members' keys the invite unwrapped. */
export interface Membership {
  scheme: string;
  joinedAt: number;
  members: MembersKey[];
}

/**
 * This device's key for members' key rotation (docs/protocol.md §4.6): staff seal each new epoch
 * to its public half. Kept like the members' keys are (extension storage, not encrypted at rest:
 * docs/protocol.md §8). `pending` is the sealed enrolment until the relay has taken it, so a
 * join that lost its connection enrols at the next sync.
 */
export interface MemberDevice {
  key: KeyPair;
  pending: { invite: string; envelope: DeviceEnrolmentEnvelope } | null;
}

/** How loud new alerts are. */
export type NotifyLevel = 'all' | 'serious' | 'off';

/** The worker's choices. */
export interface MemberSettings {
  /** Regions the worker works in; empty means every region. */
  regions: string[];
  /** Interface language, or '' to follow the browser. */
  locale: string;
  /** Neutral name and icon in the toolbar, neutral notification text. */
  discreet: boolean;
  /** Notifications for new alerts in the worker's regions. */
  notify: NotifyLevel;
  /**
   * Notifications say what happened and where. Off by default: a shared or inspected screen
   * then only shows that there is an update.
   */
  detailedNotifications: boolean;
  /** Origins (`https://example.org`) where the worker turned page flagging on. */
  enabledOrigins: string[];
}

/**
 * Settings of a worker who has not chosen anything yet. Discreet by default: devices are often
 * shared or inspected (USERS.md), so a worker who leaves the join form's choice as it is gets
 * the neutral name and icon, and the toolbar, the join form and Settings all read this one value.
 */
export const DEFAULT_SETTINGS: MemberSettings = {
  regions: [],
  locale: '',
  discreet: true,
  notify: 'serious',
  detailedNotifications: false,
  enabledOrigins: [],
};

/** The extension storage key of each part (a page follows a change to one by its key). */
export const MEMBER_STATE_KEYS = {
  network: 'umn:network',
  membership: 'umn:membership',
  directory: 'umn:directory',
  settings: 'umn:settings',
  device: 'umn:device',
  unreadable: 'umn:unreadable',
} as const;
const KEYS = MEMBER_STATE_KEYS;

/**
 * Alerts this device could not open because staff sealed them with a members' key epoch it was
 * never sent (left out of a rotation, docs/protocol.md §4.7). Counts only, never content: the
 * popup warns that a "no reports" answer may be missing alerts until a grant for the epoch
 * arrives or the worker joins again.
 */
export interface UnreadableAlerts {
  /** Envelopes seen that did not open for want of the epoch's key. */
  count: number;
  /** The newest such epoch. */
  newestEpoch: number;
}

/** Typed access to the member's stored state. */
export function createMemberState(area: KeyValueArea) {
  async function read(key: string): Promise<unknown> {
    return (await area.get(key))[key];
  }

  return {
    /** The network chosen in onboarding (unused when the build has one). */
    async network(): Promise<StoredNetwork | undefined> {
      const value = await read(KEYS.network);
      return hasExactKeys(value, ['relayUrl', 'rootKey']) &&
        isText(value.relayUrl, 500, 1) &&
        isText(value.rootKey, 64, 1)
        ? { relayUrl: value.relayUrl, rootKey: value.rootKey }
        : undefined;
    },
    setNetwork: (network: StoredNetwork) => area.set({ [KEYS.network]: network }),

    /** The membership, or undefined before joining. */
    async membership(): Promise<Membership | undefined> {
      const value = await read(KEYS.membership);
      if (!hasExactKeys(value, ['scheme', 'joinedAt', 'members'])) return undefined;
      if (!isSchemeId(value.scheme) || !isInt(value.joinedAt)) return undefined;
      const members: MembersKey[] = [];
      if (!Array.isArray(value.members)) return undefined;
      for (const m of value.members as unknown[]) {
        if (!hasExactKeys(m, ['epoch', 'key']) || !isInt(m.epoch)) return undefined;
        const key = fromBase64UrlExact(m.key, 32);
        if (!key) return undefined;
        members.push({ epoch: m.epoch, key });
      }
      return { scheme: value.scheme, joinedAt: value.joinedAt, members };
    },
    setMembership: (membership: Membership) =>
      area.set({
        [KEYS.membership]: {
          scheme: membership.scheme,
          joinedAt: membership.joinedAt,
          members: membership.members.map((m) => ({ epoch: m.epoch, key: toBase64Url(m.key) })),
        },
      }),

    /** This device's rotation key, or undefined (joined before devices enrolled, or not yet). */
    async device(): Promise<MemberDevice | undefined> {
      const value = await read(KEYS.device);
      if (!hasExactKeys(value, ['publicKey', 'secretKey', 'pending'])) return undefined;
      const publicKey = fromBase64UrlExact(value.publicKey, 32);
      const secretKey = fromBase64UrlExact(value.secretKey, 32);
      if (!publicKey || !secretKey) return undefined;
      const pending = value.pending;
      const pendingOk =
        pending === null ||
        (hasExactKeys(pending, ['invite', 'envelope']) &&
          fromBase64UrlExact(pending.invite, 16) !== null &&
          isDeviceEnrolmentEnvelope(pending.envelope));
      if (!pendingOk) return undefined;
      return {
        key: { publicKey, secretKey },
        pending: pending as MemberDevice['pending'],
      };
    },
    setDevice: (device: MemberDevice) =>
      area.set({
        [KEYS.device]: {
          publicKey: toBase64Url(device.key.publicKey),
          secretKey: toBase64Url(device.key.secretKey),
          pending: device.pending,
        },
      }),

    /**
     * The last directory accepted, still signed: callers verify it again with the pinned root
     * before trusting it, so a value edited in storage cannot smuggle in a scheme key.
     */
    async signedDirectory(): Promise<SignedDirectory | undefined> {
      const value = await read(KEYS.directory);
      return hasExactKeys(value, ['directory', 'signature'])
        ? (value as unknown as SignedDirectory)
        : undefined;
    },
    setSignedDirectory: (signed: SignedDirectory) => area.set({ [KEYS.directory]: signed }),

    /** Alerts this device could not open (left out of a rotation), or undefined. */
    async unreadable(): Promise<UnreadableAlerts | undefined> {
      const value = await read(KEYS.unreadable);
      return hasExactKeys(value, ['count', 'newestEpoch']) &&
        isInt(value.count, 1) &&
        isInt(value.newestEpoch, 0, 1_000_000)
        ? { count: value.count, newestEpoch: value.newestEpoch }
        : undefined;
    },
    setUnreadable: (unreadable: UnreadableAlerts) =>
      area.set({ [KEYS.unreadable]: { ...unreadable } }),
    clearUnreadable: () => area.remove(KEYS.unreadable),

    /** The worker's settings, each field falling back to its default when missing or malformed. */
    async settings(): Promise<MemberSettings> {
      const value = await read(KEYS.settings);
      const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
      const texts = (v: unknown, max: number) =>
        isListOf(v, max, (s): s is string => isText(s, 200, 1));
      return {
        regions: texts(stored.regions, 50) ? stored.regions : DEFAULT_SETTINGS.regions,
        locale: isText(stored.locale, 20) ? stored.locale : DEFAULT_SETTINGS.locale,
        discreet:
          typeof stored.discreet === 'boolean' ? stored.discreet : DEFAULT_SETTINGS.discreet,
        notify:
          stored.notify === 'all' || stored.notify === 'serious' || stored.notify === 'off'
            ? stored.notify
            : DEFAULT_SETTINGS.notify,
        detailedNotifications: stored.detailedNotifications === true,
        enabledOrigins: texts(stored.enabledOrigins, 500)
          ? stored.enabledOrigins
          : DEFAULT_SETTINGS.enabledOrigins,
      };
    },
    /** Changes some settings, keeping the others. */
    async updateSettings(change: Partial<MemberSettings>): Promise<MemberSettings> {
      const next = { ...(await this.settings()), ...change };
      await area.set({ [KEYS.settings]: next });
      return next;
    },

    /** Forgets the membership and directory (leaving the network); settings stay. */
    async leave(): Promise<void> {
      await area.remove(KEYS.membership);
      await area.remove(KEYS.device);
      await area.remove(KEYS.directory);
      await area.remove(KEYS.unreadable);
    },
  };
}

/** The member state's type. */
export type MemberState = ReturnType<typeof createMemberState>;

/** True when `alert` concerns one of `regions` (an empty choice means every region). */
export function inRegions(alertRegions: readonly string[], regions: readonly string[]): boolean {
  if (regions.length === 0) return true;
  return alertRegions.some((r) => regions.includes(r));
}

/** Every region any active scheme in the directory lists, sorted, for the region chooser. */
export function directoryRegions(directory: Directory): string[] {
  const all = new Set<string>();
  for (const scheme of directory.schemes) {
    if (scheme.status === 'active') for (const region of scheme.regions) all.add(region);
  }
  return [...all].sort((a, b) => a.localeCompare(b));
}
