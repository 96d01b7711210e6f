import type { Context } from 'hono';
import { fail } from './errors.js';
import { parseBody, readBody } from './read-body.js';

/** A request body read and parsed: the exact text (signatures cover it) and its JSON value. */
export interface JsonBody {
  text: string;
  value: unknown;
}

/** Reads and parses a JSON body within `limit` bytes; the error answer when it cannot. */
export async function readJson(c: Context, limit: number): Promise<JsonBody | Response> {
  const read = await readBody(c, limit);
  if (!read.ok) {
    if (read.code === 'too-large') c.header('Connection', 'close');
    return fail(c, read.code, read.message);
  }
  const value = parseBody(read.text);
  if (value === undefined) return fail(c, 'bad-json', 'The request body is not valid JSON.');
  return { text: read.text, value };
}

/** Reads a body that must be empty (signed GET and DELETE requests sign an empty body). */
export async function readEmpty(c: Context): Promise<string | Response> {
  const read = await readBody(c, 1024);
  if (!read.ok) return fail(c, read.code, read.message);
  if (read.text !== '') return fail(c, 'bad-request', 'This request takes no body.');
  return '';
}

/** Cursor and page size from `?after=&limit=`, or the error answer. */
export function readPage(
  c: Context,
  defaultLimit = 100,
  maxLimit = 500,
): { after: number; limit: number } | Response {
  const after = readCount(c.req.query('after'), 0);
  const limit = readCount(c.req.query('limit'), defaultLimit);
  if (after === null || limit === null || limit < 1 || limit > maxLimit) {
    return fail(
      c,
      'bad-request',
      `The cursor "after" must be a whole number and "limit" between 1 and ${maxLimit}.`,
    );
  }
  return { after, limit };
}

/** A non-negative whole number from a query or header value; `fallback` when absent. */
export function readCount(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}
