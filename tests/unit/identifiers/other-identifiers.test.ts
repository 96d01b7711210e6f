import { describe, expect, it } from 'vitest';
import {
  normalizeEmail,
  normalizeHandle,
  normalizePlate,
} from '../../../shared/identifiers/index.js';
import { normalizeEmailWith } from '../../../shared/identifiers/normalize-email.js';

const emails: ReadonlyArray<readonly [string, string | null]> = [
  ['sam.client@example.com', 'sam.client@example.com'],
  ['  Sam.Client@EXAMPLE.com ', 'sam.client@example.com'],
  ['mailto:sam@example.org', 'sam@example.org'],
  ['mailto:sam@example.org?subject=hi', 'sam@example.org'],
  ['<sam@example.com>', 'sam@example.com'],
  ['sam at example dot com', 'sam@example.com'],
  ['sam AT example DOT com', 'sam@example.com'],
  ['sam[at]example.com', 'sam@example.com'],
  ['sam (at) example (dot) com', 'sam@example.com'],
  ['sam{at}example{dot}org', 'sam@example.org'],
  ['sam [at] example [dot] co [dot] uk', 'sam@example.co.uk'],
  ['ｓａｍ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'sam@example.com'],
  ['sam\u200b@example.com', 'sam@example.com'],
  ['sam+tag@example.com', 'sam+tag@example.com'],
  ['s.a.m@example.com', 's.a.m@example.com'],
  ['sam@example.com.', 'sam@example.com'],
  ['sam@sub.example.org', 'sam@sub.example.org'],
  ['', null],
  ['sam', null],
  ['sam@', null],
  ['@example.com', null],
  ['sam@example', null],
  ['sam@@example.com', null],
  ['sam@exa mple', null],
  ['sa..m@example.com', null],
  ['.sam@example.com', null],
  ['sam@-example.com', null],
  ['sam@example.123', null],
  ['see you at home', null],
  ['07700 900123', null],
  ['07700 900123 sam@example.com', null],
  ['sam @ example . com', 'sam@example.com'],
  ['sam smith@example.com', null],
];

const handles: ReadonlyArray<readonly [string, string | null]> = [
  ['https://www.instagram.com/Some.Name/', 'instagram:some.name'],
  ['instagram.com/some.name?igsh=abc', 'instagram:some.name'],
  ['https://twitter.com/Some_Name', 'x:some_name'],
  ['https://x.com/some_name/status/1', 'x:some_name'],
  ['https://t.me/Example_Client', 'telegram:example_client'],
  ['t.me/example_client', 'telegram:example_client'],
  ['https://www.tiktok.com/@some.name', 'tiktok:some.name'],
  ['https://www.snapchat.com/add/somename', 'snapchat:somename'],
  ['https://www.facebook.com/some.name', 'facebook:some.name'],
  ['https://www.facebook.com/profile.php?id=100000000000001', 'facebook:100000000000001'],
  ['https://onlyfans.com/somename', 'onlyfans:somename'],
  ['https://www.adultwork.com/ViewProfile.asp?UserID=1234567', 'adultwork:1234567'],
  ['insta: Some.Name', 'instagram:some.name'],
  ['ig @some.name', 'instagram:some.name'],
  ['twitter.com/Some_Name', 'x:some_name'],
  ['https://www.instagram.com/login', null],
  ['tg @Example_Client', 'telegram:example_client'],
  ['snap - somename', 'snapchat:somename'],
  ['https://www.reddit.com/user/Some_Name/', 'reddit:some_name'],
  ['reddit.com/u/some_name', 'reddit:some_name'],
  ['https://kik.me/some.name', 'kik:some.name'],
  ['https://www.reddit.com/r/somewhere', null],
  ['@SomeName', 'somename'],
  ['somename', 'somename'],
  ['https://www.instagram.com/explore/', null],
  ['https://t.me/ab', null],
  ['https://www.instagram.com/', null],
  ['', null],
  ['two words', null],
  ['@', null],
];

const plates: ReadonlyArray<readonly [string, string | null]> = [
  ['LX21 FKE', 'LX21FKE'],
  ['lx21fke', 'LX21FKE'],
  [' LX21-FKE ', 'LX21FKE'],
  ['ＬＸ２１ ＦＫＥ', 'LX21FKE'],
  ['LX2I FKE', 'LX21FKE'],
  ['LXZ1 FKE', null],
  ['1X21 FKE', 'IX21FKE'],
  ['A123 BCD', 'A123BCD'],
  ['a1 bcd', 'A1BCD'],
  ['ABC 123D', 'ABC123D'],
  ['AB 1234', 'AB1234'],
  ['1234 AB', '1234AB'],
  ['AIZ 1234', 'AIZ1234'],
  ['', null],
  ['LX21 FKEE', null],
  ['07700 900123', null],
  ['HELLO WORLD', null],
];

describe('normalizeEmail', () => {
  it.each(emails)('reads %j as %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it('applies a provider rule only where the table names the domain', () => {
    const rules = {
      'example.org': { domain: 'example.org', ignoreDots: true, stripPlusTag: true },
    };
    expect(normalizeEmailWith('S.a.M+ads@Example.org', rules)).toBe('sam@example.org');
    expect(normalizeEmailWith('s.a.m+ads@example.com', rules)).toBe('s.a.m+ads@example.com');
    expect(normalizeEmailWith('+ads@example.org', rules)).toBeNull();
  });
});

describe('normalizeHandle', () => {
  it.each(handles)('reads %j as %j', (raw, expected) => {
    expect(normalizeHandle(raw)).toBe(expected);
  });
});

describe('normalizePlate', () => {
  it.each(plates)('reads %j as %j', (raw, expected) => {
    expect(normalizePlate(raw)).toBe(expected);
  });
});
