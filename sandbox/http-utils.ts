/** Small `node:http` helpers: body parsing (JSON or form), CORS headers, writing answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from './validation.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyError extends Error {}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function isFormRequest(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/**
 * Parses a body as JSON when it looks like JSON (whatever the content type: browsers send
 * `text/plain` to dodge preflights), otherwise as a form. Values keep their JSON types.
 */
export async function readBodyValues(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (
    type.includes('json') ||
    (!isFormRequest(req) && (trimmed.startsWith('{') || trimmed.startsWith('[')))
  ) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new BodyError('The request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BodyError('The request body must be a JSON object.');
    }
    return parsed as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function stringify(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

export function toParams(...sources: Record<string, unknown>[]): Params {
  const out: Params = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const s = stringify(value);
      if (s !== null) out[key] = s;
    }
  }
  return out;
}

export function queryValues(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-expose-headers': 'x-ratelimit-limit, x-ratelimit-remaining, retry-after',
  'access-control-max-age': '600',
};

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'text/html; charset=utf-8', html, headers);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...CORS_HEADERS, location, 'content-length': '0', 'cache-control': 'no-store' });
  res.end();
}

/** Resolves after `ms`, without keeping a finished process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
