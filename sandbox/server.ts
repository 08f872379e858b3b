/**
 * One `node:http` server for the whole sandbox build: the MixPay sandbox under `/sandbox`, then the
 * built PWA from `root` (default `dist-sandbox/`) with SPA fallback and PWA-friendly caching.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { basename, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox, type SandboxOptions } from './mixpay-sandbox.ts';

export interface StartServerOptions {
  host?: string;
  port?: number;
  root?: string;
  /** Options for the sandbox instance (e.g. an injected clock in tests). */
  sandbox?: SandboxOptions;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  sandbox: Sandbox;
}

export const DEFAULT_ROOT = fileURLToPath(new URL('../dist-sandbox/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Files a PWA must revalidate on every load, or clients get stuck on an old version. */
const NO_CACHE_FILES = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);

function cacheControlFor(urlPath: string, file: string): string | null {
  if (NO_CACHE_FILES.has(basename(file))) return 'no-cache';
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return null;
}

function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox build missing</title></head>
<body><h1>The app has not been built</h1>
<p>Run <code>npm run build:sandbox</code>, then reload this page. The MixPay sandbox itself is available under <a href="/sandbox/">/sandbox/</a>.</p>
</body></html>
`;

async function fileAt(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.json',
  '.webmanifest',
  '.txt',
  '.map',
]);
const compressed = new Map<string, Buffer>();

/**
 * Like any static host in production, text assets go out compressed (brotli, else gzip), cached
 * in memory per file version: a slow-network load should measure what a real deployment sends.
 */
async function compressedBody(
  file: string,
  mtimeMs: number,
  req: IncomingMessage,
): Promise<{ body: Buffer; encoding: string } | null> {
  if (!COMPRESSIBLE.has(extname(file).toLowerCase())) return null;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
  if (!encoding) return null;
  const key = `${encoding}:${mtimeMs}:${file}`;
  let body = compressed.get(key);
  if (!body) {
    const raw = await readFile(file);
    body =
      encoding === 'br'
        ? brotliCompressSync(raw, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : gzipSync(raw, { level: 9 });
    compressed.set(key, body);
  }
  return { body, encoding };
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rootInfo = await stat(root).catch(() => null);
  if (!rootInfo?.isDirectory()) {
    sendText(res, 503, NOT_BUILT_HTML, 'text/html; charset=utf-8', { 'cache-control': 'no-store' });
    return;
  }
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed\n', undefined, { allow: 'GET, HEAD' });
    return;
  }

  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://static.invalid').pathname);
  } catch {
    sendText(res, 400, 'Bad Request\n');
    return;
  }
  if (urlPath.includes('\0')) {
    sendText(res, 400, 'Bad Request\n');
    return;
  }

  const base = resolve(root);
  let file = resolve(base, `.${urlPath}`);
  // resolve() has already collapsed any "..": anything outside root is a traversal attempt.
  if (file !== base && !file.startsWith(base + sep)) {
    sendText(res, 404, 'Not Found\n');
    return;
  }
  if (urlPath.endsWith('/')) file = resolve(file, 'index.html');

  let found = await fileAt(file);
  if (!found && extname(urlPath) === '') {
    file = resolve(base, 'index.html');
    found = await fileAt(file);
  }
  if (!found) {
    sendText(res, 404, 'Not Found\n');
    return;
  }

  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(found.size),
    'x-content-type-options': 'nosniff',
  };
  const cache = cacheControlFor(urlPath, file);
  if (cache) headers['cache-control'] = cache;
  const packed = await compressedBody(file, found.mtimeMs, req);
  if (packed) {
    headers['content-encoding'] = packed.encoding;
    headers['content-length'] = String(packed.body.length);
    headers.vary = 'accept-encoding';
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : packed.body);
    return;
  }
  res.writeHead(200, headers);
  if (method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    stream.on('end', () => done());
    stream.pipe(res);
  });
}

function formatUrl(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const root = opts.root ?? DEFAULT_ROOT;
  const sandbox = createSandbox(opts.sandbox);
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (await sandbox.handle(req, res)) return;
        await serveStatic(root, req, res);
      } catch (error) {
        if (res.headersSent) res.destroy();
        else sendText(res, 500, `Internal Server Error\n${error instanceof Error ? error.message : ''}\n`);
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: formatUrl(host, port),
    sandbox,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
