// Tests of the private test servers: real PostgreSQL and Redis instances stopped, killed, restarted and destroyed.
// Also proves the exit hook: a crashing process leaves no server running and no folder behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Redis } from 'ioredis';
import { freePort, startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './services.js';

/** Resolves true when the port refuses a TCP connection. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Polls for a short while: a killed process releases its port a moment after the signal. */
async function eventuallyRefuses(port: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (await refuses(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function timed(label: string, diagnostic: (message: string) => void, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  diagnostic(`${label}: ${Math.round(performance.now() - started)} ms`);
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function rowCount(server: PrivatePostgres): Promise<number> {
  return withClient(server.url('faults'), async (client) => Number((await client.query('SELECT count(*) AS n FROM events')).rows[0].n));
}

function redisClient(server: PrivateRedis): Redis {
  const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => {});
  return client;
}

describe('private services', { timeout: 120_000 }, () => {
  describe('freePort', () => {
    it('returns a bindable port on 127.0.0.1', async () => {
      const port = await freePort();
      assert.ok(port > 0 && port < 65536);
      await new Promise<void>((resolve, reject) => {
        const server = net.createServer().once('error', reject);
        server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
      });
    });
  });

  describe('PostgreSQL', () => {
    let server: PrivatePostgres;

    before(async () => {
      const started = performance.now();
      server = await startPrivatePostgres({ settings: { max_connections: '20', work_mem: '7MB' } });
      console.log(`# private PostgreSQL initdb + start: ${Math.round(performance.now() - started)} ms`);
    });

    after(async () => {
      await server?.destroy();
    });

    it('runs on a free port in its own temporary folder, with the given settings', async () => {
      assert.ok(server.port > 0);
      assert.notEqual(server.port, 5432);
      assert.equal(server.url(), `postgres://postgres@127.0.0.1:${server.port}/postgres`);
      assert.equal(server.url('faults'), `postgres://postgres@127.0.0.1:${server.port}/faults`);
      assert.equal(path.dirname(path.dirname(server.dataDir)), os.tmpdir());
      assert.match(path.basename(path.dirname(server.dataDir)), /^ios-backup-private-pg-/);
      assert.equal(await server.isUp(), true);
      const settings = await withClient(server.url(), async (client) => ({
        maxConnections: (await client.query('SHOW max_connections')).rows[0].max_connections,
        workMem: (await client.query('SHOW work_mem')).rows[0].work_mem,
        fsync: (await client.query('SHOW fsync')).rows[0].fsync,
        synchronousCommit: (await client.query('SHOW synchronous_commit')).rows[0].synchronous_commit,
        listen: (await client.query('SHOW listen_addresses')).rows[0].listen_addresses,
      }));
      assert.deepEqual(settings, { maxConnections: '20', workMem: '7MB', fsync: 'off', synchronousCommit: 'on', listen: '127.0.0.1' });
    });

    it('keeps committed data across stop("immediate") and start()', async (t) => {
      await withClient(server.url(), (client) => client.query('CREATE DATABASE faults'));
      await withClient(server.url('faults'), async (client) => {
        await client.query('CREATE TABLE events (id int PRIMARY KEY, label text NOT NULL)');
        await client.query("INSERT INTO events SELECT i, 'event ' || i FROM generate_series(1, 1000) AS i");
      });

      const open = new pg.Client({ connectionString: server.url('faults') });
      const errors: Error[] = [];
      open.on('error', (error) => errors.push(error));
      await open.connect();
      try {
        await timed('PostgreSQL stop(immediate)', t.diagnostic.bind(t), () => server.stop('immediate'));
        assert.equal(await server.isUp(), false);
        assert.equal(await refuses(server.port), true);
        await assert.rejects(open.query('SELECT 1'));
        await assert.rejects(rowCount(server));
      } finally {
        await open.end().catch(() => {});
      }

      await timed('PostgreSQL start() after immediate stop', t.diagnostic.bind(t), () => server.start());
      assert.equal(await server.isUp(), true);
      assert.equal(await rowCount(server), 1000);
    });

    it('stops and starts again with "fast" and "smart"', async (t) => {
      for (const mode of ['fast', 'smart'] as const) {
        await timed(`PostgreSQL stop(${mode})`, t.diagnostic.bind(t), () => server.stop(mode));
        assert.equal(await server.isUp(), false);
        await server.stop(mode); // already down: a no-op
        await timed(`PostgreSQL start() after ${mode} stop`, t.diagnostic.bind(t), () => server.start());
        assert.equal(await server.isUp(), true);
        await server.start(); // already up: a no-op
        assert.equal(await rowCount(server), 1000);
      }
    });

    it('starts again after the postmaster was killed with SIGKILL', async (t) => {
      const pid = Number(readFileSync(path.join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      assert.ok(pid > 0);
      process.kill(pid, 'SIGKILL');
      assert.equal(await eventuallyRefuses(server.port), true);
      assert.equal(await server.isUp(), false);
      assert.equal(existsSync(path.join(server.dataDir, 'postmaster.pid')), true, 'a killed postmaster leaves its pid file');
      await timed('PostgreSQL start() after SIGKILL', t.diagnostic.bind(t), () => server.start());
      assert.equal(await rowCount(server), 1000);
    });

    it('destroy() stops the server and removes its folder, twice safely', async () => {
      const folder = path.dirname(server.dataDir);
      assert.equal(existsSync(folder), true);
      await server.destroy();
      await server.destroy();
      assert.equal(await refuses(server.port), true);
      assert.equal(existsSync(folder), false);
      await assert.rejects(server.start(), /destroyed/);
    });
  });

  describe('PostgreSQL start failures', () => {
    it('reject with the last lines of the server log, and refuse bad setting names', async () => {
      await assert.rejects(startPrivatePostgres({ settings: { shared_buffers: 'plenty' } }), (error: Error) => {
        assert.match(error.message, /did not start/);
        assert.match(error.message, /last lines of .*\/log/);
        assert.match(error.message, /invalid value for parameter "shared_buffers"/);
        return true;
      });
      await assert.rejects(startPrivatePostgres({ settings: { 'x; rm -rf /': '1' } }), /invalid PostgreSQL setting name/);
    });
  });

  describe('Redis', () => {
    let server: PrivateRedis;

    before(async () => {
      const started = performance.now();
      server = await startPrivateRedis();
      console.log(`# private Redis start: ${Math.round(performance.now() - started)} ms`);
    });

    after(async () => {
      await server?.destroy();
    });

    it('runs on a free port in its own temporary folder', async () => {
      assert.ok(server.port > 0);
      assert.notEqual(server.port, 6379);
      assert.equal(server.url, `redis://127.0.0.1:${server.port}`);
      assert.equal(path.dirname(server.dir), os.tmpdir());
      assert.match(path.basename(server.dir), /^ios-backup-private-redis-/);
      assert.equal(await server.isUp(), true);
      const client = redisClient(server);
      try {
        await client.connect();
        assert.deepEqual(await client.config('GET', 'save'), ['save', '']);
        assert.deepEqual(await client.config('GET', 'appendonly'), ['appendonly', 'no']);
      } finally {
        client.disconnect();
      }
    });

    it('restart() loses every key and answers PING again', async (t) => {
      const client = redisClient(server);
      try {
        await client.connect();
        await client.set('fault:key', 'value');
        assert.equal(await client.get('fault:key'), 'value');
      } finally {
        client.disconnect();
      }
      await timed('Redis restart()', t.diagnostic.bind(t), () => server.restart());
      assert.equal(await server.isUp(), true);
      const after = redisClient(server);
      try {
        await after.connect();
        assert.equal(await after.ping(), 'PONG');
        assert.equal(await after.get('fault:key'), null);
        assert.equal(await after.dbsize(), 0);
      } finally {
        after.disconnect();
      }
    });

    it('stop() takes it down and start() brings a fresh one up on the same port', async (t) => {
      const port = server.port;
      await timed('Redis stop()', t.diagnostic.bind(t), () => server.stop());
      assert.equal(await server.isUp(), false);
      assert.equal(await refuses(port), true);
      await server.stop(); // already down: a no-op
      await timed('Redis start()', t.diagnostic.bind(t), () => server.start());
      assert.equal(server.port, port);
      assert.equal(await server.isUp(), true);
    });

    it('destroy() kills the server and removes its folder, twice safely', async () => {
      await server.destroy();
      await server.destroy();
      assert.equal(await refuses(server.port), true);
      assert.equal(existsSync(server.dir), false);
      await assert.rejects(server.start(), /destroyed/);
    });
  });

  describe('exit hook', () => {
    it('a process that crashes without destroy() leaves no server running and no folder behind', async () => {
      const moduleUrl = new URL('./services.js', import.meta.url).href;
      const script = `
        import { startPrivatePostgres, startPrivateRedis } from ${JSON.stringify(moduleUrl)};
        const postgres = await startPrivatePostgres();
        const redis = await startPrivateRedis();
        console.log(JSON.stringify({ pgPort: postgres.port, pgDir: postgres.dataDir, redisPort: redis.port, redisDir: redis.dir }));
        setTimeout(() => { throw new Error('simulated crash'); }, 10);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      assert.equal(code, 1, `the child should crash with exit code 1; stderr: ${stderr}`);
      assert.match(stderr, /simulated crash/);
      const started = JSON.parse(stdout.trim().split('\n').at(-1)!) as { pgPort: number; pgDir: string; redisPort: number; redisDir: string };
      assert.equal(await eventuallyRefuses(started.pgPort), true, 'PostgreSQL still listens after the crash');
      assert.equal(await eventuallyRefuses(started.redisPort), true, 'Redis still listens after the crash');
      assert.equal(existsSync(path.dirname(started.pgDir)), false);
      assert.equal(existsSync(started.redisDir), false);
    });
  });
});
