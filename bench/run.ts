// Benchmark runner: per plugin and size, builds a source once, then measures the real job, the read floor, the store
// floor, the schema cost and a naive ORM baseline, each in a fresh child process; prints a table, writes JSON results.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  measureJob,
  measureReadFloor,
  measureSchemaCost,
  measureStoreFloor,
  secondsSince,
  type JobMeasurement,
  type LoadMeasurement,
  type ReadFloorMeasurement,
} from './measure.js';
import { measureNaive, type NaiveMeasurement } from './naive.js';
import { BENCH_DATABASE_URL, LOAD_DATABASE_URL, dropDatabase } from './postgres.js';
import { formatPluginResults, summarize, type PluginResults, type SizeMeasurements } from './report.js';
import { WORKLOADS, workloadOf, type Workload } from './workloads.js';

/** What each measurement child prints, by the measurement's name on its command line. */
interface MeasurementResults {
  job: JobMeasurement;
  read: ReadFloorMeasurement;
  store: LoadMeasurement;
  schema: LoadMeasurement;
  naive: NaiveMeasurement;
}

type MeasurementName = keyof MeasurementResults;

/** What the command line asked for. */
interface BenchArguments {
  /** A plugin id, or `all`. */
  target: string;
  workloads: readonly Workload[];
  /** Sizes given on the command line (every plugin runs them); null means each workload's defaults. */
  sizes: number[] | null;
  out: string | null;
}

/** The JSON results file. */
export interface BenchResults {
  target: string;
  startedAt: string;
  finishedAt: string;
  node: string;
  platform: string;
  argv: string[];
  plugins: PluginResults[];
}

const SELF = fileURLToPath(import.meta.url);
const PROJECT_ROOT = resolve(dirname(SELF), '..', '..');
/** Writes the built source to disk now, so its writeback does not compete with the job measured next. */
function flushToDisk(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const USAGE = `usage: node dist/bench/run.js <${WORKLOADS.map((w) => w.plugin).join('|')}|all> [size,size,...] [--out <path>]`;

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => Number(part.trim()));
  if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size <= 0)) {
    throw new Error(`sizes must be positive integers separated by commas, got "${text}"`);
  }
  return sizes;
}

function parseArguments(argv: readonly string[]): BenchArguments {
  const positional: string[] = [];
  let out: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') {
      out = argv[i + 1] ?? null;
      if (!out) throw new Error('--out needs a path');
      i += 1;
    } else {
      positional.push(argv[i]!);
    }
  }
  const [target, sizes, ...extra] = positional;
  if (!target || extra.length > 0) throw new Error(USAGE);
  const workloads = target === 'all' ? WORKLOADS : [workloadOf(target)];
  return { target, workloads, sizes: sizes === undefined ? null : parseSizes(sizes), out: out === null ? null : resolve(out) };
}

/** Runs one measurement in a fresh child process and returns the JSON line it printed. */
function runChild<Name extends MeasurementName>(
  measurement: Name,
  workload: Workload,
  work: string,
  source: string,
  size: number,
): MeasurementResults[Name] {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', SELF, '--child', measurement, workload.plugin, work, source, String(size)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 },
  );
  if (run.error) throw run.error;
  if (run.status !== 0) {
    throw new Error(`${measurement} of ${workload.plugin} at ${size} failed (exit ${run.status ?? run.signal}); its stderr is above`);
  }
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as MeasurementResults[Name];
  process.stderr.write(`${workload.plugin} ${size}: ${measurement} ${result.seconds.toFixed(2)} s\n`);
  return result;
}

function measureSize(workload: Workload, size: number, folder: string): SizeMeasurements {
  const work = join(folder, `${workload.plugin}-${size}`);
  mkdirSync(work, { recursive: true });
  try {
    const source = join(work, workload.file);
    const buildStart = process.hrtime.bigint();
    workload.build(source, size);
    const buildSeconds = secondsSince(buildStart);
    flushToDisk(source);
    const sourceMiB = statSync(source).size / 1048576;
    process.stderr.write(`${workload.plugin} ${size}: built ${workload.file} (${sourceMiB.toFixed(1)} MiB) in ${buildSeconds.toFixed(1)} s\n`);
    const job = runChild('job', workload, work, source, size);
    const readFloor = runChild('read', workload, work, source, size);
    const storeFloor = runChild('store', workload, work, source, size);
    const schemaCost = runChild('schema', workload, work, source, size);
    const naive = runChild('naive', workload, work, source, size);
    return { size, sourceMiB, buildSeconds, job, readFloor, storeFloor, schemaCost, naive };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Child: one measurement of one prepared size, printed as one JSON line. */
async function runMeasurement(args: readonly string[]): Promise<void> {
  const [measurement, plugin, work, source, sizeText] = args as [MeasurementName, string, string, string, string];
  const workload = workloadOf(plugin);
  const size = Number(sizeText);
  let result: MeasurementResults[MeasurementName];
  switch (measurement) {
    case 'job':
      result = await measureJob(workload, source, work, size);
      break;
    case 'read':
      result = measureReadFloor(source, work);
      break;
    case 'store':
      result = await measureStoreFloor(plugin, work);
      break;
    case 'schema':
      result = await measureSchemaCost(plugin, work);
      break;
    case 'naive':
      result = await measureNaive(plugin, work);
      break;
    default:
      throw new Error(`unknown measurement "${String(measurement)}"`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function dropBenchDatabases(): Promise<void> {
  for (const url of [BENCH_DATABASE_URL, LOAD_DATABASE_URL]) {
    await dropDatabase(url).catch((error: unknown) =>
      process.stderr.write(`bench: could not drop ${new URL(url).pathname.slice(1)}: ${(error as Error).message}\n`),
    );
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await runMeasurement(argv.slice(1));
    return;
  }
  let options: BenchArguments;
  try {
    options = parseArguments(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const startedAt = new Date();
  const folder = mkdtempSync(join(tmpdir(), 'ios-backup-bench-'));
  const plugins: PluginResults[] = [];
  try {
    for (const workload of options.workloads) {
      const measured = (options.sizes ?? workload.defaultSizes).map((size) => measureSize(workload, size, folder));
      const results = summarize(workload, measured);
      process.stdout.write(`\n${formatPluginResults(results)}`);
      plugins.push(results);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await dropBenchDatabases();
  }
  const results: BenchResults = {
    target: options.target,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    argv,
    plugins,
  };
  const out = options.out ?? join(PROJECT_ROOT, '.bench', `results-${options.target}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults written to ${out}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
