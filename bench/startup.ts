// Wall time of the commands a person types, as they type them (a new `node` process each time): `--help`, `plugins`,
// `where`, and `search` on the demo backup, on a PostgreSQL server that is already running (the configured one) and on
// the embedded server (started and stopped by the command itself). Median of 5 runs each, interleaved.
// Run: npx tsc -p tsconfig.json && node dist/bench/startup.js   (npm run bench:startup)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const RUNS = 5;
const TARGETS: Record<string, number> = { '--help': 0.3, plugins: 0.3, where: 0.3, 'search (server running)': 0.6 };
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
const server = process.env.IOS_BACKUP_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function run(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`ios-backup ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main_(): Promise<void> {
  const name = `ios_backup_bench_startup_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const scratch = mkdtempSync(join(tmpdir(), 'ios-backup-bench-startup-'));
  chmodSync(scratch, 0o711); // as root, the embedded server's user must reach its folder
  const configured = { IOS_BACKUP_DATABASE__URL: url.toString() };
  const embedded = { IOS_BACKUP_DATABASE__URL: 'embedded', IOS_BACKUP_EMBEDDED__DIR: join(scratch, 'pg') };
  try {
    run(['demo'], configured);
    run(['demo'], embedded);
    const cases: Array<[string, string[], NodeJS.ProcessEnv]> = [
      ['--help', ['--help'], configured],
      ['plugins', ['plugins'], configured],
      ['where', ['where'], configured],
      ['search (server running)', ['search', 'Sintra'], configured],
      ['search (embedded, started and stopped)', ['search', 'Sintra'], embedded],
    ];
    const times = new Map<string, number[]>(cases.map(([label]) => [label, []]));
    for (let i = 0; i < RUNS; i += 1) for (const [label, args, env] of cases) times.get(label)!.push(run(args, env));
    console.log(`ios-backup wall times, median of ${RUNS} (each a new node process; node -e 0 alone: ${median(Array.from({ length: RUNS }, () => timeNode()) ).toFixed(2)} s)`);
    for (const [label, values] of times) {
      const target = TARGETS[label];
      const verdict = target === undefined ? '' : median(values) <= target ? `  target ${target} s: met` : `  target ${target} s: NOT met`;
      console.log(`  ${label.padEnd(40)} ${median(values).toFixed(2)} s  (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)})${verdict}`);
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function timeNode(): number {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

await main_();
