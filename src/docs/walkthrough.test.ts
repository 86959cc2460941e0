// Proves docs/writing-a-plugin.md: its blocks, laid over a scratch copy of the project, compile with the project's
// settings, its plugin's own test passes, and its plugin indexes a builder-made store beside the real plugins.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { container } from 'tsyringe';
import { projectRoot } from '../kernel/testing/fixtures.js';
import { applyEdit, prepareWalkthroughBuild, walkthroughBlocks, WalkthroughError, type WalkthroughBuild } from './walkthrough.js';

const DOCUMENT = join(projectRoot(), 'docs', 'writing-a-plugin.md');

/** What the walk-through builds, as this test reads it. */
const PLUGIN_ID = 'call-history';
const BUILDER = 'src/plugins/call-history/testing/build-call-history.ts';

/** Modules of the scratch copy the job below needs besides the walk-through's own files. */
const ENTRY_POINTS = [
  'src/kernel/job.ts',
  'src/kernel/logger.ts',
  'src/kernel/orm.ts',
  'src/kernel/registry.ts',
  'src/kernel/testing/database.ts',
  'src/search/search.ts',
];

describe('applying a walk-through edit', () => {
  const file = ['import { a } from "./a.js";', 'import { b } from "./b.js";', '', 'export const list = [', '  a,', '  b,', '];', ''].join('\n');
  const cases: ReadonlyArray<{ name: string; diff: string; result?: string[]; error?: RegExp }> = [
    {
      name: 'after a line, and before the end of a list past a gap',
      diff: ' import { b } from "./b.js";\n+import { c } from "./c.js";\n@@\n export const list = [\n   ...\n+  c,\n ];\n',
      result: ['import { a } from "./a.js";', 'import { b } from "./b.js";', 'import { c } from "./c.js";', '', 'export const list = [', '  a,', '  b,', '  c,', '];', ''],
    },
    {
      name: 'a line replaced',
      diff: '-  a,\n+  z,\n',
      result: ['import { a } from "./a.js";', 'import { b } from "./b.js";', '', 'export const list = [', '  z,', '  b,', '];', ''],
    },
    { name: 'context the file lacks', diff: ' export const other = [\n+  c,\n', error: /no place/ },
    { name: 'context that is only part of a line', diff: ' import\n+x', error: /no place/ },
    { name: 'a hunk with no line of the file', diff: '+  c,\n', error: /must start from a line/ },
  ];
  for (const { name, diff, result, error } of cases) {
    it(name, () => {
      if (error) assert.throws(() => applyEdit(file, diff), (thrown: unknown) => thrown instanceof WalkthroughError && error.test(thrown.message));
      else assert.deepEqual(applyEdit(file, diff).split('\n'), result);
    });
  }
  it('refuses a hunk that matches in two places', () => {
    assert.throws(() => applyEdit('x\ny\nx\ny\n', ' x\n+z\n'), /2 places/);
  });
  it('refuses an unmarked ts block and a marker without its block', () => {
    assert.throws(() => walkthroughBlocks('text\n```ts\nconst a = 1;\n```\n'), /without a <!-- file/);
    assert.throws(() => walkthroughBlocks('<!-- file: src/a.ts -->\nprose\n```ts\n```\n'), /not followed by a code block/);
    assert.throws(() => walkthroughBlocks('<!-- edit: src/a.ts -->\n```ts\n```\n'), /takes a ```diff block/);
    assert.deepEqual(walkthroughBlocks('```sh\nnpm test\n```\n<!-- file: src/a.ts -->\n\n```ts\nconst a = 1;\n```\n'), [
      { kind: 'file', path: 'src/a.ts', code: 'const a = 1;\n', line: 4 },
    ]);
  });
});

describe('docs/writing-a-plugin.md', () => {
  let build: WalkthroughBuild;
  let compiled = false;
  let scratch: string;

  before(() => {
    build = prepareWalkthroughBuild(projectRoot(), readFileSync(DOCUMENT, 'utf8'), ENTRY_POINTS);
    scratch = mkdtempSync(join(tmpdir(), 'walkthrough-test-'));
  });
  after(() => {
    build?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Imports a compiled module of the scratch copy. */
  const load = async <T>(path: string): Promise<T> => {
    assert.ok(compiled, 'the walk-through did not compile (see the test above)');
    return (await import(pathToFileURL(build.compiled(path)).href)) as T;
  };

  it('walks through the entity, migration, parser, search mapper, declaration, registration, builder and test', () => {
    const paths = build.blocks.map((block) => `${block.kind} ${block.path}`);
    for (const expected of [
      /^file src\/entities\/\w+\.ts$/,
      /^file src\/migrations\/Migration\d{14}\w+\.ts$/,
      /^edit src\/migrations\/index\.ts$/,
      /^edit src\/migrations\/names\.ts$/,
      new RegExp(`^file src/plugins/${PLUGIN_ID}/parse\\.ts$`),
      new RegExp(`^file src/plugins/${PLUGIN_ID}/search\\.ts$`),
      new RegExp(`^file src/plugins/${PLUGIN_ID}/plugin\\.ts$`),
      new RegExp(`^file ${BUILDER}$`),
      new RegExp(`^file src/plugins/${PLUGIN_ID}/[\\w-]+\\.test\\.ts$`),
      /^edit plugins\.config\.ts$/,
    ]) {
      assert.ok(paths.some((path) => expected.test(path)), `a block for ${expected.source} among ${paths.join(', ')}`);
    }
  });

  it("compiles over a copy of the project with the project's compiler settings", () => {
    const { status, output } = build.compile();
    assert.equal(status, 0, `tsc failed on the walk-through:\n${output}`);
    compiled = true;
  });

  it("passes the walk-through's own plugin test", () => {
    assert.ok(compiled, 'the walk-through did not compile (see the test above)');
    const tests = build.blocks.filter((block) => block.kind === 'file' && block.path.endsWith('.test.ts')).map((block) => build.compiled(block.path));
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...tests], { cwd: projectRoot(), env, encoding: 'utf8' });
    assert.equal(run.status, 0, `the walk-through's test failed:\n${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /# pass [1-9]/);
    assert.match(run.stdout, /# fail 0/);
  });

  describe('in an indexing job beside the real plugins', () => {
    type Orm = Awaited<ReturnType<typeof import('../kernel/orm.js').openOrm>>;
    type TestDatabase = import('../kernel/testing/database.js').TestDatabase;
    let db: TestDatabase | undefined;
    let orm: Orm | undefined;
    let plugins: ReturnType<typeof import('../kernel/registry.js').resolvePlugins>;

    before(async () => {
      if (!compiled) return;
      const { configurePlugins } = await load<typeof import('../../plugins.config.js')>('plugins.config.ts');
      const { resolvePlugins } = await load<typeof import('../kernel/registry.js')>('src/kernel/registry.ts');
      const { openOrm } = await load<typeof import('../kernel/orm.js')>('src/kernel/orm.ts');
      const { createTestDatabase } = await load<typeof import('../kernel/testing/database.js')>('src/kernel/testing/database.ts');
      const registry = container.createChildContainer();
      configurePlugins(registry);
      plugins = resolvePlugins(registry);
      db = await createTestDatabase('walkthrough');
      orm = await openOrm(db.url, plugins);
    });
    after(async () => {
      await orm?.close(true);
      await db?.drop();
    });

    const opened = (): { db: TestDatabase; orm: Orm } => {
      assert.ok(db && orm, 'the walk-through did not compile (see the test above)');
      return { db, orm };
    };

    it('registers, migrates, indexes a store its builder made, and finds the calls by search', async () => {
      const { db, orm } = opened();
      const { IndexJobRunner } = await load<typeof import('../kernel/job.js')>('src/kernel/job.ts');
      const { createLogger } = await load<typeof import('../kernel/logger.js')>('src/kernel/logger.ts');
      const { searchIndex } = await load<typeof import('../search/search.js')>('src/search/search.ts');
      const { buildCallHistory } = await load<{
        buildCallHistory(path: string, spec: { calls: ReadonlyArray<Record<string, unknown>> }): void;
      }>(BUILDER);

      const ids = plugins.map((plugin) => plugin.declaration.id);
      assert.ok(ids.includes(PLUGIN_ID), `registered: ${ids.join(', ')}`);
      assert.ok(['messages', 'contacts', 'calendar'].every((id) => ids.includes(id)), `the real plugins stay registered: ${ids.join(', ')}`);
      const applied = (await db.query<{ name: string }>('SELECT name FROM mikro_orm_migrations ORDER BY id')).map((row) => row.name);
      assert.ok(applied.some((name) => /CallHistory/.test(name)), `migrations applied: ${applied.join(', ')}`);

      const store = join(scratch, 'CallHistory.storedata');
      buildCallHistory(store, {
        calls: [
          { address: '+15550104477', name: 'Priya Raman', at: new Date('2024-03-05T09:15:00Z'), durationSeconds: 754.5, outgoing: true, answered: true },
          { address: 'priya.raman@example.org', name: 'Priya Raman', at: new Date('2024-03-06T20:00:00Z'), durationSeconds: 61, callType: 8 },
          { address: '+15550109999', at: new Date('2024-03-07T07:30:00Z'), outgoing: false, answered: false, callType: 64 },
        ],
      });
      const runner = new IndexJobRunner({ orm, plugins, logger: createLogger('silent') });
      const result = await runner.run({ backupId: 'walkthrough', artifacts: { [PLUGIN_ID]: store } });
      assert.equal(result.status, 'INDEXED');
      const report = result.plugins.find((plugin) => plugin.id === PLUGIN_ID)!;
      assert.equal(report.status, 'completed', report.error ?? '');
      assert.deepEqual(report.rows, { call_record: 3 });
      assert.equal(report.searchDocuments, 3);
      assert.deepEqual(report.warnings.map((warning) => [warning.code, warning.count]), [['CALL_HISTORY_UNKNOWN_CALL_TYPE', 1]]);
      assert.ok(result.plugins.filter((plugin) => plugin.id !== PLUGIN_ID).every((plugin) => plugin.status === 'skipped'));

      const rows = await db.query(
        "SELECT source_rowid::int AS rowid, address, name, kind, direction, answered, duration_seconds, started_at FROM call_record WHERE backup_id = 'walkthrough' ORDER BY source_rowid",
      );
      assert.deepEqual(
        rows.map((row) => [row.rowid, row.address, row.name, row.kind, row.direction, row.answered, row.duration_seconds]),
        [
          [1, '+15550104477', 'Priya Raman', 'phone', 'outgoing', true, 754.5],
          [2, 'priya.raman@example.org', 'Priya Raman', 'facetime-video', 'incoming', true, 61],
          [3, '+15550109999', null, 'call-type-64', 'incoming', false, 0],
        ],
      );
      assert.equal((rows[0]!.started_at as Date).toISOString(), '2024-03-05T09:15:00.000Z');
      const sources = await db.query("SELECT schema_variant FROM artifact_source WHERE backup_id = 'walkthrough' AND plugin = $1", [PLUGIN_ID]);
      assert.deepEqual(sources.map((source) => source.schema_variant), ['ZCALLRECORD']);

      const { hits } = await searchIndex(orm, { text: 'Raman', backupIds: ['walkthrough'], limit: 10 });
      assert.deepEqual(hits.map((hit) => [hit.plugin, hit.type, hit.title, hit.artifactTable]), [
        [PLUGIN_ID, 'call', 'Priya Raman', 'call_record'],
        [PLUGIN_ID, 'call', 'Priya Raman', 'call_record'],
      ]);
      const byNumber = (await searchIndex(orm, { text: '+15550109999', backupIds: ['walkthrough'], limit: 10 })).hits;
      assert.deepEqual(byNumber.map((hit) => [hit.title, hit.snippet.startsWith('missed call')]), [['+15550109999', true]]);
    });

    it('its migration creates exactly the table its entity describes (what `npm run migration:create` would write)', async () => {
      const { orm } = opened();
      const drift = (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).split('\n').filter((line) => line.trim() !== '');
      const own = drift.filter((line) => line.includes('"call_record'));
      const others = drift.length - own.length;
      assert.deepEqual(
        own,
        [],
        others > 0
          ? `the project's own tables drift from their entities too (${others} statements, e.g. ${drift.find((line) => !line.includes('"call_record'))}): ` +
              'the entity metadata is read wrong (src/entities/decorators.ts), not only the walk-through'
          : 'the migration and the entity disagree',
      );
    });
  });
});
