// Benchmark runner: builds a large source database with a plugin's fixture builder, then indexes it through the
// real job (COPY into PostgreSQL) in a fresh child process per size, printing rows/s, peak RSS and ratios.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { container } from 'tsyringe';
import { configurePlugins } from '../plugins.config.js';
import { createLogger } from '../src/kernel/logger.js';
import { IndexJobRunner } from '../src/kernel/job.js';
import { openOrm } from '../src/kernel/orm.js';
import { resolvePlugins } from '../src/kernel/registry.js';
import { buildBulkSmsDb } from '../src/plugins/messages/testing/build-sms-db.js';
import { buildBulkChatStorage } from '../src/plugins/whatsapp/testing/build-chat-storage.js';
import { buildBulkAddressBook } from '../src/plugins/contacts/testing/build-address-book.js';

/** A benchmark workload: which plugin, how to build a source of a given size, and the table whose rows are counted. */
interface Workload {
  plugin: string;
  file: string;
  table: string;
  /** The source table scanned for the in-process baseline. */
  baselineSql: string;
  build(path: string, size: number): void;
}

const WORKLOADS: Record<string, Workload> = {
  messages: {
    plugin: 'messages',
    file: 'sms.db',
    table: 'message',
    baselineSql: 'SELECT * FROM message',
    build: (path, size) => void buildBulkSmsDb(path, { messages: size, chats: 1000, handles: 2000, withAttributedBody: true }),
  },
  whatsapp: {
    plugin: 'whatsapp',
    file: 'ChatStorage.sqlite',
    table: 'whatsapp_message',
    baselineSql: 'SELECT * FROM ZWAMESSAGE',
    build: (path, size) => void buildBulkChatStorage(path, { messages: size, mediaItems: Math.floor(size / 10), chats: 500 }),
  },
  contacts: {
    plugin: 'contacts',
    file: 'AddressBook.sqlitedb',
    table: 'contact',
    baselineSql: 'SELECT * FROM ABPerson',
    build: (path, size) => void buildBulkAddressBook(path, { people: size, valuesPerPerson: 3 }),
  },
};

const BENCH_DB_URL = process.env.IOS_BACKUP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ios_backup_bench';

interface Measurement {
  size: number;
  rows: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
  baselineSeconds: number;
  peakRssMiB: number;
  /** Largest heap still in use right after a full GC, sampled every 100,000 rows and at the end. */
  liveHeapMiB: number;
}

async function resetDatabase(): Promise<void> {
  const admin = new URL(BENCH_DB_URL);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

/** Child: index one prepared source and print one JSON measurement. */
async function measure(workload: Workload, path: string, size: number): Promise<void> {
  const sqlite = new Database(path, { readonly: true });
  const baselineStart = process.hrtime.bigint();
  let scanned = 0;
  for (const _ of sqlite.prepare(workload.baselineSql).iterate()) scanned += 1;
  const baselineSeconds = Number(process.hrtime.bigint() - baselineStart) / 1e9;
  sqlite.close();

  const child = container.createChildContainer();
  configurePlugins(child);
  const plugins = resolvePlugins(child).map((plugin) =>
    plugin.declaration.id === workload.plugin ? { ...plugin, enabled: true } : plugin,
  );
  const orm = await openOrm(BENCH_DB_URL, plugins);
  let liveHeap = 0;
  const sampleLiveHeap = (): void => {
    (globalThis as { gc?: () => void }).gc?.();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  const runner = new IndexJobRunner({ orm, plugins, logger: createLogger('warn'), progress: sampleLiveHeap });
  const started = process.hrtime.bigint();
  const result = await runner.run({ backupId: `bench-${size}`, artifacts: { [workload.plugin]: path } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sampleLiveHeap();
  await orm.close(true);
  const report = result.plugins.find((plugin) => plugin.id === workload.plugin)!;
  if (report.status !== 'completed') throw new Error(`${workload.plugin} ${report.status}: ${report.error ?? report.reason}`);
  const rows = report.rows;
  const measurement: Measurement = {
    size,
    rows,
    seconds,
    rowsPerSecond: (rows[workload.table] ?? 0) / seconds,
    baselineSeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    liveHeapMiB: liveHeap / 1048576,
  };
  if (scanned < size) throw new Error(`baseline scanned ${scanned} rows, expected at least ${size}`);
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

async function main(): Promise<void> {
  const [mode, name, ...rest] = process.argv.slice(2);
  if (mode === '--child') {
    await measure(WORKLOADS[name!]!, rest[0]!, Number(rest[1]));
    return;
  }
  const workload = WORKLOADS[mode ?? ''];
  if (!workload) {
    process.stderr.write(`usage: node dist/bench/run.js <${Object.keys(WORKLOADS).join('|')}> [size,size,...]\n`);
    process.exit(1);
  }
  const sizes = (name ?? '100000,1000000').split(',').map(Number);
  const folder = join(tmpdir(), `ios-backup-bench-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  const results: Measurement[] = [];
  try {
    for (const size of sizes) {
      const path = join(folder, `${size}-${workload.file}`);
      const buildStart = Date.now();
      workload.build(path, size);
      process.stderr.write(`built ${size} ${workload.table} rows (${(statSync(path).size / 1048576).toFixed(1)} MiB) in ${((Date.now() - buildStart) / 1000).toFixed(1)} s\n`);
      await resetDatabase();
      const run = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', mode!, path, String(size)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      if (run.status !== 0) throw new Error(`measurement of ${size} failed (exit ${run.status})`);
      results.push(JSON.parse(run.stdout.trim().split('\n').pop()!) as Measurement);
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const base = results[0]!;
  process.stdout.write(`${workload.plugin}: index through COPY into PostgreSQL, one fresh process per size\n`);
  process.stdout.write('size        rows/s     seconds  scan-baseline-s  index/scan  peak-RSS-MiB  RSS-vs-first  live-heap-MiB\n');
  for (const r of results) {
    process.stdout.write(
      `${String(r.size).padEnd(10)}  ${r.rowsPerSecond.toFixed(0).padStart(8)}  ${r.seconds.toFixed(1).padStart(8)}  ${r.baselineSeconds.toFixed(2).padStart(15)}  ${(r.seconds / r.baselineSeconds).toFixed(1).padStart(10)}  ${r.peakRssMiB.toFixed(0).padStart(12)}  ${(r.peakRssMiB / base.peakRssMiB).toFixed(2).padStart(12)}  ${r.liveHeapMiB.toFixed(1).padStart(13)}\n`,
    );
  }
  process.stdout.write(`rows written at the largest size: ${JSON.stringify(results[results.length - 1]!.rows)}\n`);
  process.stdout.write('peak RSS includes garbage V8 has not collected yet; live heap is what stays in use after a full GC\n');
  await resetDatabase();
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
