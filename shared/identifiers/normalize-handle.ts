import { foldText } from './fold-text.js';

/**
 * Platforms we can name from a profile link or a "platform: name" prefix. Handles on all of them
 * are case-insensitive, so they are lower-cased. `path` reads the handle from a URL path.
 */
interface Platform {
  id: string;
  hosts: readonly string[];
  /** Words people write before a handle ("insta: name", "tg @name"). */
  aliases: readonly string[];
  path: RegExp;
  handle: RegExp;
}

const NAME = /^[a-z0-9._-]{1,64}$/;

const PLATFORMS: readonly Platform[] = [
  {
    id: 'instagram',
    hosts: ['instagram.com', 'instagr.am'],
    aliases: ['instagram', 'insta', 'ig'],
    path: /^\/([^/?#]+)/,
    handle: /^[a-z0-9._]{1,30}$/,
  },
  {
    id: 'x',
    hosts: ['x.com', 'twitter.com', 'mobile.twitter.com'],
    aliases: ['x', 'twitter'],
    path: /^\/([^/?#]+)/,
    handle: /^[a-z0-9_]{1,15}$/,
  },
  {
    id: 'telegram',
    hosts: ['t.me', 'telegram.me', 'telegram.dog'],
    aliases: ['telegram', 'tg'],
    path: /^\/([^/?#]+)/,
    handle: /^[a-z0-9_]{4,32}$/,
  },
  {
    id: 'tiktok',
    hosts: ['tiktok.com'],
    aliases: ['tiktok'],
    path: /^\/@([^/?#]+)/,
    handle: /^[a-z0-9._]{1,24}$/,
  },
  {
    id: 'snapchat',
    hosts: ['snapchat.com'],
    aliases: ['snapchat', 'snap', 'sc'],
    path: /^\/(?:add|@)\/?([^/?#]+)/,
    handle: /^[a-z0-9._-]{3,15}$/,
  },
  {
    id: 'facebook',
    hosts: ['facebook.com', 'fb.com', 'm.facebook.com'],
    aliases: ['facebook', 'fb'],
    path: /^\/(?:profile\.php\?id=(\d+)|([^/?#]+))/,
    handle: /^[a-z0-9.]{1,50}$/,
  },
  {
    id: 'onlyfans',
    hosts: ['onlyfans.com'],
    aliases: ['onlyfans', 'of'],
    path: /^\/([^/?#]+)/,
    handle: NAME,
  },
  {
    id: 'adultwork',
    hosts: ['adultwork.com'],
    aliases: ['adultwork', 'aw'],
    path: /^\/(?:viewprofile\.asp\?userid=(\d+)|(\d+)(?:\/|$)|([^/?#]+))/,
    handle: NAME,
  },
  {
    id: 'reddit',
    hosts: ['reddit.com', 'old.reddit.com'],
    aliases: ['reddit'],
    path: /^\/(?:user|u)\/([^/?#]+)/,
    handle: /^[a-z0-9_-]{3,20}$/,
  },
  {
    id: 'kik',
    hosts: ['kik.me'],
    aliases: ['kik'],
    path: /^\/([^/?#]+)/,
    handle: /^[a-z0-9._]{2,20}$/,
  },
  {
    id: 'skype',
    hosts: [],
    aliases: ['skype'],
    path: /^$/,
    handle: /^[a-z0-9._:-]{6,32}$/,
  },
];

/** Path segments that are site pages, not profiles. */
const NOT_PROFILES = new Set([
  'home',
  'login',
  'share',
  'explore',
  'search',
  'settings',
  'p',
  'reel',
]);

/**
 * Normalises an online handle or profile link to "platform:handle" where the link or a prefix
 * shows the platform ("https://www.instagram.com/Some.Name/" → "instagram:some.name",
 * "tg @Some_Name" → "telegram:some_name"); a bare "@name" or name gives just "name", which the
 * alert index matches against that handle on any platform. Returns null for anything else.
 *
 * @example normalizeHandle('https://t.me/Example_Client') // 'telegram:example_client'
 */
export function normalizeHandle(raw: string): string | null {
  const text = foldText(raw).text.normalize('NFKC').trim().toLowerCase();
  if (text === '' || text.length > 300) return null;

  const fromUrl = readUrl(text);
  if (fromUrl !== undefined) return fromUrl;

  const prefixed = /^([a-z]+)\s*[:-]?\s*@?([^\s@:]+)$/.exec(text);
  if (prefixed && /[\s:@-]/.test(text.slice(0, text.length - (prefixed[2] as string).length))) {
    const platform = PLATFORMS.find((p) => p.aliases.includes(prefixed[1] as string));
    if (platform)
      return platform.handle.test(prefixed[2] as string) ? `${platform.id}:${prefixed[2]}` : null;
  }

  const bare = /^@?([a-z0-9._-]+)$/.exec(text);
  if (!bare) return null;
  const name = (bare[1] as string).replace(/^\.+|\.+$/g, '');
  return NAME.test(name) && /[a-z]/.test(name) ? name : null;
}

/** "platform:handle" from a profile URL; null for a known platform's non-profile page; undefined
 * when `text` is no URL of a known platform. */
function readUrl(text: string): string | null | undefined {
  const url = /^(?:https?:\/\/)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(\/[^\s]*)?$/.exec(text);
  if (!url) return undefined;
  const host = url[1] as string;
  const platform = PLATFORMS.find((p) => p.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
  if (!platform) return undefined;

  const match = platform.path.exec(url[2] ?? '');
  const name = match?.slice(1).find((group) => group !== undefined);
  if (!name || NOT_PROFILES.has(name)) return null;
  const handle = safeDecode(name).replace(/^@/, '');
  return platform.handle.test(handle) ? `${platform.id}:${handle}` : null;
}

/** Splits a normalised handle into platform (or null) and name. */
export function splitHandle(value: string): { platform: string | null; name: string } {
  const colon = value.indexOf(':');
  if (colon < 0) return { platform: null, name: value };
  return { platform: value.slice(0, colon), name: value.slice(colon + 1) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
