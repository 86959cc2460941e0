// `ios-backup search` as a user meets it, on builder-made sources indexed through the CLI: `--json` prints exactly
// {"hits":[{type, artifactTable, artifactId, backupId, title, snippet, highlights, occurredAt, score}], "nextCursor"};
// the table piped is plain text (no escape byte, even from a message that holds one), on a terminal the matched words
// are in reverse video (not with NO_COLOR), and `more: ... --cursor C` on stderr shows the next page.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, entryPoint } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { projectRoot } from '../kernel/testing/fixtures.js';
import { buildSampleCalendarDb } from '../plugins/calendar/testing/build-calendar-db.js';
import { buildSamplePhotosDb } from '../plugins/photos/testing/build-photos-db.js';
import type { SearchHit, SearchPage } from '../search/types.js';
import { highlighted, searchLines, shellWord, stylesOn } from './output.js';

const HIT_KEYS = ['type', 'artifactTable', 'artifactId', 'backupId', 'title', 'snippet', 'highlights', 'occurredAt', 'score'];
const ESC = '\u001b';

/** The words of a `more: ios-backup ...` line, as a shell would split them (the test's words need no more than this). */
function moreArgs(stderr: string): string[] | null {
  const line = stderr.split('\n').find((text) => text.startsWith('more: ios-backup '));
  if (!line) return null;
  return [...line.slice('more: ios-backup '.length).matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : match[2]!));
}

/** `ios-backup <args>` on a pseudo-terminal (util-linux `script`): what the terminal received. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, entryPoint('cli/main.js'), ...args].map(shellWord).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: projectRoot(), env: { ...process.env, TERM: 'xterm', ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

const noScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0 ? false : 'util-linux script is not on this machine';

describe('search on the command line', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let folder: string;

  before(async () => {
    db = await createTestDatabase('search_output');
    env = { IOS_BACKUP_DATABASE__URL: db.url, NO_COLOR: '' };
    folder = mkdtempSync(join(tmpdir(), 'ios-backup-search-output-test-'));
    buildSampleCalendarDb(join(folder, 'Calendar.sqlitedb'));
    buildSamplePhotosDb(join(folder, 'Photos.sqlite'));
    const indexed = await cli(
      ['index', '--artifact', `calendar=${join(folder, 'Calendar.sqlitedb')}`, '--artifact', `photos=${join(folder, 'Photos.sqlite')}`, '--backup-id', 'sample', '--json'],
      env,
    );
    assert.equal(indexed.code, 0, indexed.stderr);
    // A message whose text carries terminal escapes: the table must never pass them on.
    const [source] = await db.query<{ id: string }>("SELECT id FROM artifact_source WHERE backup_id = 'sample' LIMIT 1");
    await db.query(
      `INSERT INTO artifact_search_index (id, backup_id, source_id, plugin, type, artifact_table, artifact_id, title, body, occurred_at, participants)
       VALUES ('00000000-0000-4000-8000-0000000000e5', 'sample', $1, 'messages', 'message', 'message', 'escape', $2, $3, '2024-05-01T10:00:00Z', '{}')`,
      [source!.id, `Eve${ESC}]0;pwned${ESC}\\`, `the zebra said ${ESC}[31mred${ESC}[0m\nand\tleft\u0007`],
    );
  });
  after(async () => {
    await db?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('--json prints exactly {hits: [these keys, in order], nextCursor}', async () => {
    const result = await cli(['search', 'Lisbon', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim().split('\n').length, 1, 'one JSON document');
    const page = JSON.parse(result.stdout) as SearchPage;
    assert.deepEqual(Object.keys(page), ['hits', 'nextCursor']);
    assert.ok(page.hits.length >= 3, result.stdout);
    for (const hit of page.hits) {
      assert.deepEqual(Object.keys(hit), HIT_KEYS);
      assert.equal(hit.type, 'photo');
      assert.equal(hit.backupId, 'sample');
      assert.equal(typeof hit.score, 'number');
      assert.ok(Array.isArray(hit.highlights));
      for (const [start, end] of hit.highlights) assert.match(hit.snippet.slice(start, end), /lisbon/i);
    }
    assert.equal(page.nextCursor, null);
  });

  it('--json pages with --limit and --cursor, with the filters, to the same hits as one page', async () => {
    const all = JSON.parse((await cli(['search', 'Lisbon', '--json', '--type', 'photo,event', '--backup-id', 'sample'], env)).stdout) as SearchPage;
    const paged: SearchHit[] = [];
    let cursor: string | null = null;
    do {
      const result = await cli(['search', 'Lisbon', '--json', '--type', 'photo', '--type', 'event', '--backup-id', 'sample', '--limit', '1', ...(cursor ? ['--cursor', cursor] : [])], env);
      assert.equal(result.code, 0, result.stderr);
      const page = JSON.parse(result.stdout) as SearchPage;
      assert.ok(page.hits.length <= 1);
      paged.push(...page.hits);
      cursor = page.nextCursor;
    } while (cursor !== null && paged.length < 50);
    assert.deepEqual(paged.map((hit) => hit.artifactId), all.hits.map((hit) => hit.artifactId));
    const other = JSON.parse((await cli(['search', 'Lisbon', '--json', '--backup-id', 'someone-else'], env)).stdout) as SearchPage;
    assert.deepEqual(other, { hits: [], nextCursor: null });
  });

  it('piped: a plain table (type, time, title, snippet), no escape byte even from the data, then more: on stderr', async () => {
    const result = await cli(['search', 'zebra'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes(ESC) && !result.stderr.includes(ESC), JSON.stringify(result.stdout));
    assert.doesNotMatch(result.stdout, /[\u0000-\u0009\u000b-\u001f\u007f]/, 'no control character but line ends');
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^type +time +title +snippet$/);
    assert.equal(lines.length, 2, result.stdout);
    assert.match(lines[1]!, /^message +\d{4}-\d\d-\d\d \d\d:\d\d +Eve ]0;pwned \\ +.*zebra said +\[31mred +\[0m and left/);

    const first = await cli(['search', 'Lisbon', '--limit', '1', '--type', 'photo'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(!first.stdout.includes(ESC));
    assert.match(first.stdout, /^type +time +title +snippet\nphoto +\S+ \S+ +\S+/);
    assert.equal(first.stdout.trimEnd().split('\n').length, 2);
    const more = moreArgs(first.stderr);
    assert.ok(more, first.stderr);
    assert.deepEqual(more.slice(0, -1), ['search', 'Lisbon', '--type', 'photo', '--limit', '1', '--cursor']);
    const second = await cli(more, env);
    assert.equal(second.code, 0, second.stderr);
    assert.notEqual(second.stdout.split('\n')[1], first.stdout.split('\n')[1], 'the next page');

    const none = await cli(['search', 'qqqxyzzy'], env);
    assert.deepEqual([none.code, none.stdout, none.stderr], [0, 'no match\n', '']);
  });

  it('refuses an unknown type with the valid ones, and a bad cursor, in one sentence (and a JSON error with --json)', async () => {
    const unknown = await cli(['search', 'Lisbon', '--type', 'photo,tweet'], env);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /^ios-backup: unknown type "tweet"; valid types: contact, event, message, note, photo, reminder, whatsapp_message \[UNKNOWN_TYPE\]\n$/);
    const bad = await cli(['search', 'Lisbon', '--cursor', 'nope', '--json'], env);
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.stdout).error.code, 'BAD_CURSOR');
  });

  it('on a terminal: the matched words in reverse video; not with NO_COLOR', { skip: noScript }, () => {
    const screen = onTerminal(['search', 'Shibuya'], { IOS_BACKUP_DATABASE__URL: db.url, NO_COLOR: '' });
    assert.match(screen, /\u001b\[1;7mShibuya\u001b\[22;27m/i, JSON.stringify(screen));
    const plain = onTerminal(['search', 'Shibuya'], { IOS_BACKUP_DATABASE__URL: db.url, NO_COLOR: '1' });
    assert.ok(!plain.includes(ESC), JSON.stringify(plain));
    assert.match(plain, /Shibuya/);
  });

  it('the table and its highlights, unit by unit', () => {
    const hit: SearchHit = {
      type: 'message',
      artifactTable: 'message',
      artifactId: '1',
      backupId: 'b',
      plugin: 'messages',
      title: 'Marco',
      snippet: 'dinner at café Luz 😀 on friday',
      highlights: [[10, 14], [22, 24], [25, 31]],
      occurredAt: null,
      score: 1,
      participants: [],
    };
    assert.equal(highlighted(hit.snippet, hit.highlights), `dinner at ${ESC}[1;7mcafé${ESC}[22;27m Luz 😀 ${ESC}[1;7mon${ESC}[22;27m ${ESC}[1;7mfriday${ESC}[22;27m`);
    assert.deepEqual(searchLines({ hits: [hit], nextCursor: null }, { styled: false }), ['type     time  title  snippet', 'message  -     Marco  dinner at café Luz 😀 on friday']);
    assert.ok(searchLines({ hits: [hit], nextCursor: null }, { styled: true })[1]!.endsWith(`${ESC}[1;7mfriday${ESC}[22;27m`));
    assert.deepEqual(searchLines({ hits: [], nextCursor: null }, { styled: true }), ['no match']);
    assert.equal(stylesOn({ isTTY: true }, {}), true);
    assert.equal(stylesOn({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(stylesOn({ isTTY: true }, { TERM: 'dumb' }), false);
    assert.equal(stylesOn({ isTTY: false }, {}), false);
  });
});
