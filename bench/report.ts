// Benchmark results of one plugin: the five measurements of each size with their rates and ratios, printed as one
// table per plugin (one line per size) and kept whole for the JSON results file.
import type { JobMeasurement, LoadMeasurement, ReadFloorMeasurement } from './measure.js';
import type { NaiveMeasurement } from './naive.js';
import type { Workload } from './workloads.js';

/** The five measurements of one size, each from its own process, with how the source was built. */
export interface SizeMeasurements {
  size: number;
  sourceMiB: number;
  buildSeconds: number;
  job: JobMeasurement;
  readFloor: ReadFloorMeasurement;
  storeFloor: LoadMeasurement;
  schemaCost: LoadMeasurement;
  naive: NaiveMeasurement;
}

/** How the job compares with the floors, the ORM-only baseline and its own smallest size. */
export interface Ratios {
  /** Job seconds over read floor plus store floor seconds. */
  jobOverFloor: number;
  /** Job seconds over schema-cost seconds (COPY of the same rows into the real tables). */
  jobOverSchemaCost: number;
  /** Naive-baseline seconds over job seconds. */
  naiveOverJob: number;
  /** Peak RSS of the job over the job's peak RSS at the smallest size. */
  jobRssOverSmallest: number;
}

/** One size's measurements with its rates and ratios. */
export interface SizeResult extends SizeMeasurements {
  /** Rows of the workload's main table per job second. */
  mainRowsPerSecond: number;
  /** Every row the job wrote (all dumped tables) per job second. */
  totalRowsPerSecond: number;
  totalRows: number;
  ratios: Ratios;
}

/** Every size of one plugin. */
export interface PluginResults {
  plugin: string;
  mainTable: string;
  sizes: number[];
  results: SizeResult[];
}

/** Adds rates and ratios; the RSS ratio is against the smallest size measured. */
export function summarize(workload: Workload, measured: readonly SizeMeasurements[]): PluginResults {
  const smallest = measured.reduce((min, entry) => (entry.size < min.size ? entry : min), measured[0]!);
  const results = measured.map((entry): SizeResult => {
    const totalRows = Object.values(entry.job.rows).reduce((sum, n) => sum + n, 0);
    return {
      ...entry,
      mainRowsPerSecond: (entry.job.rows[workload.mainTable] ?? 0) / entry.job.seconds,
      totalRowsPerSecond: totalRows / entry.job.seconds,
      totalRows,
      ratios: {
        jobOverFloor: entry.job.seconds / (entry.readFloor.seconds + entry.storeFloor.seconds),
        jobOverSchemaCost: entry.job.seconds / entry.schemaCost.seconds,
        naiveOverJob: entry.naive.seconds / entry.job.seconds,
        jobRssOverSmallest: entry.job.peakRssMiB / smallest.job.peakRssMiB,
      },
    };
  });
  return { plugin: workload.plugin, mainTable: workload.mainTable, sizes: measured.map((entry) => entry.size), results };
}

interface TableColumn {
  header: string;
  cell(result: SizeResult): string;
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function tableColumns(mainTable: string): TableColumn[] {
  return [
    { header: 'size', cell: (r) => String(r.size) },
    { header: `${mainTable}/s`, cell: (r) => fixed(r.mainRowsPerSecond, 0) },
    { header: 'total/s', cell: (r) => fixed(r.totalRowsPerSecond, 0) },
    { header: 'job-s', cell: (r) => fixed(r.job.seconds, 2) },
    { header: 'read-s', cell: (r) => fixed(r.readFloor.seconds, 2) },
    { header: 'store-s', cell: (r) => fixed(r.storeFloor.seconds, 2) },
    { header: 'schema-s', cell: (r) => fixed(r.schemaCost.seconds, 2) },
    { header: 'naive-s', cell: (r) => fixed(r.naive.seconds, 2) },
    { header: 'job-RSS-MiB', cell: (r) => fixed(r.job.peakRssMiB, 0) },
    { header: 'naive-RSS-MiB', cell: (r) => fixed(r.naive.peakRssMiB, 0) },
    { header: 'live-heap-MiB', cell: (r) => fixed(r.job.liveHeapMiB, 1) },
    { header: 'job/(read+store)', cell: (r) => fixed(r.ratios.jobOverFloor, 2) },
    { header: 'job/schema', cell: (r) => fixed(r.ratios.jobOverSchemaCost, 2) },
    { header: 'naive/job', cell: (r) => fixed(r.ratios.naiveOverJob, 2) },
    { header: 'RSS-vs-smallest', cell: (r) => fixed(r.ratios.jobRssOverSmallest, 2) },
  ];
}

/** The printed table of one plugin, with what its columns mean and what the read floor skipped. */
export function formatPluginResults(results: PluginResults): string {
  const columns = tableColumns(results.mainTable);
  const cells = results.results.map((result) => columns.map((column) => column.cell(result)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]): string => values.map((value, i) => value.padStart(widths[i]!)).join('  ');
  const largest = results.results.reduce((max, entry) => (entry.size > max.size ? entry : max), results.results[0]!);
  const lines = [
    `${results.plugin}: each measurement in its own fresh process; ${results.mainTable}/s counts the main table, total/s every row the job wrote`,
    line(columns.map((column) => column.header)),
    ...cells.map(line),
    `rows written at size ${largest.size}: ${JSON.stringify(largest.job.rows)}`,
  ];
  for (const result of results.results) {
    const read = result.readFloor;
    const skipped = read.skipped.length === 0 ? 'none skipped' : `skipped ${read.skipped.map((s) => `${JSON.stringify(s.sql.slice(0, 60))} (${s.reason})`).join('; ')}`;
    lines.push(`read floor at ${result.size}: ran ${read.runs.length} of ${result.job.statements.length} recorded statements, ${read.rows} rows; ${skipped}`);
  }
  lines.push(
    'job: IndexJobRunner into ios_backup_bench; read: the recorded source SQL on the source file; store: COPY into primary-key-only tables;',
    'schema: COPY into the real tables; naive: MikroORM persist + flush every 1,000 entities. Peak RSS includes uncollected garbage.',
  );
  return `${lines.join('\n')}\n`;
}
