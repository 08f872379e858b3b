/**
 * A CouchDB-compatible ledger server for tests and the bench: pouchdb-server (a devDependency) in a
 * child process on a free 127.0.0.1 port, in a temporary folder of its own (it writes config.json
 * and log.txt there). Set up like the README's "Shop ledger" CouchDB: a server admin, CORS for any
 * origin with credentials, one database, and a non-admin user who is the database's only member
 * (reads and writes it; cannot create databases, read _users or change _config).
 *
 *   const ledger = await startLedgerServer();
 *   ledger.dbUrl, ledger.user, ledger.password   // what a till is given
 *   await ledger.stop(); await ledger.start();   // "restarted mid-replication" (same port)
 *   await ledger.close();                        // stops it and removes the folder
 *
 * In memory by default (fast; a restart starts EMPTY, the database, user and security are set up
 * again, and the tills must push everything back), or `{ inMemory: false }` for LevelDB files in
 * the folder (a restart keeps the data, like a real CouchDB).
 *
 * pouchdb-server quirks met here: a PUT of a database by anyone but a server admin crashes the
 * process (TypeError: db.info is not a function), so this module only ever creates the database
 * as the admin; before an admin exists everyone is an admin ("admin party"), so the admin is the
 * first thing set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LedgerServerOptions {
  /** Default true: data lives in memory only and is gone after a restart. */
  inMemory?: boolean;
  /** Database name (default "shop-ledger"). */
  db?: string;
  /** The tills' user (default "till") and password (default "till-secret"). */
  user?: string;
  password?: string;
  /** Value of CORS origins (default "*": every origin, credentials allowed). */
  corsOrigins?: string;
  /** A fixed port (default: a free one). */
  port?: number;
}

export interface LedgerServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The database URL the tills are given: http://127.0.0.1:PORT/DB */
  dbUrl: string;
  db: string;
  user: string;
  password: string;
  admin: { user: string; password: string };
  /** The server's folder (config.json, log.txt, the LevelDB files when not in memory). */
  dir: string;
  /** Whether the server process is running. */
  readonly running: boolean;
  /** Stops the process (SIGKILL when `hard`, like a crash); the folder stays. */
  stop(options?: { hard?: boolean }): Promise<void>;
  /** Starts it again on the same port and sets it up again where needed. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
  /** fetch() against the server as its admin (path from the origin, e.g. `/shop-ledger/_all_docs`). */
  adminFetch(path: string, init?: RequestInit): Promise<Response>;
  /** Every document of the database (as the admin), for assertions. */
  allDocs(): Promise<Array<Record<string, unknown> & { _id: string; _rev: string }>>;
  /** The last lines of the server's own output, for a failing test's message. */
  logTail(lines?: number): string;
}

const require = createRequire(import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function startLedgerServer(options: LedgerServerOptions = {}): Promise<LedgerServer> {
  const inMemory = options.inMemory ?? true;
  const db = options.db ?? 'shop-ledger';
  const user = options.user ?? 'till';
  const password = options.password ?? 'till-secret';
  const admin = { user: 'ledger-admin', password: 'ledger-admin-secret' };
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'mixpay-ledger-'));
  const origin = `http://127.0.0.1:${port}`;
  const bin = require.resolve('pouchdb-server/bin/pouchdb-server');
  let child: ChildProcess | null = null;
  let output = '';
  // Whatever ends this process (a crash, a failed test run) ends the server and its folder too.
  const exitHandler = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };

  const adminFetch = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', basic(admin.user, admin.password));
    if (init.body !== undefined && !headers.has('Content-Type'))
      headers.set('Content-Type', 'application/json');
    return fetch(origin + path, { ...init, headers });
  };

  async function expectOk(what: string, res: Promise<Response>, alsoOk: number[] = []) {
    const r = await res;
    if (!r.ok && !alsoOk.includes(r.status)) {
      throw new Error(`Ledger server: ${what} answered ${r.status} ${await r.text()}\n${logTail()}`);
    }
  }

  function logTail(lines = 20): string {
    let log = output;
    try {
      log += readFileSync(join(dir, 'log.txt'), 'utf8');
    } catch {
      // No log file yet.
    }
    return log.split('\n').slice(-lines).join('\n');
  }

  async function waitUntilAnswering(proc: ChildProcess) {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`pouchdb-server exited (${proc.exitCode ?? proc.signalCode}):\n${logTail()}`);
      }
      try {
        const r = await fetch(`${origin}/`);
        if (r.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`pouchdb-server did not answer on ${origin} within 30 s:\n${logTail()}`);
  }

  async function setUp() {
    // An admin first (until then everyone is one); on a restart config.json already has it.
    const asAdmin = await adminFetch('/_config/admins');
    if (asAdmin.status !== 200) {
      await expectOk(
        'setting the admin',
        fetch(`${origin}/_config/admins/${admin.user}`, {
          method: 'PUT',
          body: JSON.stringify(admin.password),
        }),
      );
    }
    const config: Array<[string, string]> = [
      ['httpd/enable_cors', 'true'],
      ['cors/origins', options.corsOrigins ?? '*'],
      ['cors/credentials', 'true'],
      ['cors/methods', 'GET, PUT, POST, HEAD, DELETE'],
      ['cors/headers', 'accept, authorization, content-type, origin, referer'],
    ];
    for (const [key, value] of config) {
      await expectOk(
        `/_config/${key}`,
        adminFetch(`/_config/${key}`, { method: 'PUT', body: JSON.stringify(value) }),
      );
    }
    await expectOk(`creating ${db}`, adminFetch(`/${db}`, { method: 'PUT' }), [412]);
    const userId = `org.couchdb.user:${user}`;
    const existing = await adminFetch(`/_users/${encodeURIComponent(userId)}`);
    if (existing.status === 404) {
      await expectOk(
        `creating the user ${user}`,
        adminFetch(`/_users/${encodeURIComponent(userId)}`, {
          method: 'PUT',
          body: JSON.stringify({ _id: userId, name: user, password, roles: [], type: 'user' }),
        }),
      );
    } else {
      await existing.body?.cancel();
    }
    await expectOk(
      `${db}/_security`,
      adminFetch(`/${db}/_security`, {
        method: 'PUT',
        body: JSON.stringify({ admins: { names: [], roles: [] }, members: { names: [user], roles: [] } }),
      }),
    );
  }

  async function start() {
    if (child) return;
    output = '';
    const args = [
      bin,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--dir',
      dir,
      '--config',
      join(dir, 'config.json'),
    ];
    args.push('--no-stdout-logs');
    if (inMemory) args.push('--in-memory');
    const proc = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.on('exit', () => {
      if (child === proc) child = null;
    });
    try {
      await waitUntilAnswering(proc);
      await setUp();
    } catch (error) {
      await stop({ hard: true });
      throw error;
    }
  }

  async function stop({ hard = false }: { hard?: boolean } = {}) {
    const proc = child;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });
    proc.kill(hard ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    child = null;
  }

  const server: LedgerServer = {
    origin,
    dbUrl: `${origin}/${db}`,
    db,
    user,
    password,
    admin,
    dir,
    get running() {
      return child !== null;
    },
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      process.off('exit', exitHandler);
      rmSync(dir, { recursive: true, force: true });
    },
    adminFetch,
    async allDocs() {
      const r = await adminFetch(`/${db}/_all_docs?include_docs=true`);
      if (!r.ok) throw new Error(`_all_docs answered ${r.status}`);
      const body = (await r.json()) as {
        rows: Array<{ doc: Record<string, unknown> & { _id: string; _rev: string } }>;
      };
      return body.rows.map((row) => row.doc);
    },
    logTail,
  };
  process.on('exit', exitHandler);
  try {
    await start();
  } catch (error) {
    process.off('exit', exitHandler);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}
