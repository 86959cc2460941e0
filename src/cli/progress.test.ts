// What `index` shows a person while it runs: on a real terminal (tmux) the bars and the summary table; piped or with
// --json no bar and no escape code at all; and the bar lines themselves, fed job events on a stand-in terminal
// (a known total with its ETA, an unknown or overrun total as a count with no ETA, a failure, a wait on a lock).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { buildBulkSmsDb } from '../plugins/messages/testing/build-sms-db.js';
import { cli, entryPoint } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath, projectRoot } from '../kernel/testing/fixtures.js';
import type { JobEvent } from '../kernel/job.js';
import { jobProgress } from './progress.js';

const ESC = '\u001b';
/** Characters only a drawn bar has: the bar's blocks and the spinner's frames. */
const BAR_GLYPHS = /[█░⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const IOS7_BACKUP = fixturePath('backups/ios7-domain-layout');
const BULK_MESSAGES = 150_000;

/** A stand-in terminal: says it is a TTY of 120 columns and keeps everything written to it. */
class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  /** Every line drawn, escape codes taken out: each redraw of a bar is one entry. */
  drawn(): string[] {
    return this.text.split(/\u001b\[[0-9;?]*[A-Za-z]|\n/).filter((piece) => piece.trim() !== '');
  }
}

const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? false : 'tmux is not on this machine (apt-get install tmux)';

describe('index progress on a terminal and off it', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let scratch: string;
  let bigSms: string;

  before(async () => {
    db = await createTestDatabase('progress');
    env = { IOS_BACKUP_DATABASE__URL: db.url };
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-progress-'));
    bigSms = join(scratch, 'sms.db');
    buildBulkSmsDb(bigSms, { messages: BULK_MESSAGES, chats: 20, handles: 20 });
  });
  after(async () => {
    await db?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('in tmux: a bar per source with rows, rate and ETA while it runs, then the bars done and the summary table', { skip: tmuxMissing }, async () => {
    const socket = `ios-backup-test-${randomBytes(4).toString('hex')}`;
    const script = join(scratch, 'run.sh');
    // The pane's environment is the script's own: a tmux server keeps the environment it was started with.
    writeFileSync(
      script,
      [
        `cd ${JSON.stringify(projectRoot())}`,
        `export IOS_BACKUP_DATABASE__URL=${JSON.stringify(db.url)}`,
        `${JSON.stringify(process.execPath)} ${JSON.stringify(entryPoint('cli/main.js'))} index --artifact messages=${JSON.stringify(bigSms)} --artifact contacts=${JSON.stringify(TRACY)} --backup-id big`,
        'echo "EXIT=$?"',
        'sleep 600',
      ].join('\n'),
    );
    const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    assert.equal(tmux('new-session', '-d', '-s', 'index', '-x', '160', '-y', '50', `bash ${script}`).status, 0);
    const screens: string[] = [];
    try {
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        // Cells a redraw cleared read as spaces at the ends of lines: a person sees nothing there.
        const screen = tmux('capture-pane', '-p', '-t', 'index').stdout.replace(/ +$/gm, '');
        screens.push(screen);
        if (/^EXIT=\d+$/m.test(screen)) break;
        await sleep(150);
      }
    } finally {
      tmux('kill-server');
    }
    const last = screens.at(-1)!;
    assert.match(last, /^EXIT=0$/m, last);
    // While it ran: the status line and the Messages bar part-way, with its rows of the total, its rate and an ETA.
    const running = screens.find((screen) => /^ {2}Messages +█+░+ +\d+% \| [\d,]+\/150,000 rows \| [\d,]+ rows\/s \| ETA \d+(?:m\d\d)?s$/m.test(screen));
    assert.ok(running, `a capture shows the Messages bar part-way with an ETA:\n${screens.slice(-20).join('\n----\n')}`);
    assert.match(running, /^backup big: indexing$/m);
    // Then: both bars done, the outcome on the status line, and the summary table on stdout below them.
    assert.match(last, /^backup big: INDEXED in [\d.]+ m?s$/m);
    assert.match(last, /^ {2}Messages +█{30} 150,000 rows, done in [\d.]+ m?s$/m);
    assert.match(last, /^ {2}Contacts +█{30} 6 rows, done in [\d.]+ m?s$/m);
    assert.match(last, /^backup big: INDEXED in \d+ ms, \d+ search documents$/m);
    assert.match(last, /^plugin +status +rows +warnings +time$/m);
    assert.match(last, /^messages +completed +message_conversation=20 message=\d+ message_reaction=\d+ message_attachment=\d+ +\d+ +[\d.]+ m?s$/m);
    assert.match(last, /^contacts +completed +contact=6 contact_value=9 +0 +[\d.]+ m?s$/m);
    assert.match(last, /^not in this backup: photos, whatsapp, notes, calendar$/m);
    assert.ok(last.includes(`data: PostgreSQL at ${db.url}\n`), last);
  });

  it('piped, and with --json: no bar and no escape code anywhere, the lines and the one JSON document as before', async () => {
    const piped = await cli(['index', '--artifact', `messages=${bigSms}`, '--backup-id', 'piped'], env);
    assert.equal(piped.code, 0, piped.stderr);
    const json = await cli(['index', IOS7_BACKUP, '--backup-id', 'ios7', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    for (const [name, text] of [['piped stdout', piped.stdout], ['piped stderr', piped.stderr], ['--json stdout', json.stdout], ['--json stderr', json.stderr]] as const) {
      assert.ok(!text.includes(ESC), `${name} has no escape code`);
      assert.doesNotMatch(text, BAR_GLYPHS, `${name} has no bar`);
    }
    assert.match(piped.stderr, /^ {2}indexing backup piped\n {2}messages: reading .*sms\.db\n {2}messages: 100,000 rows written\n {2}messages: completed in \d+ ms\n$/);
    assert.match(piped.stdout, /^backup piped: INDEXED in \d+ ms, \d+ search documents\nplugin +status +rows +warnings +time\nmessages +completed +message_conversation=20 /);
    // stderr carries the JSON log with --json, never a progress line.
    assert.doesNotMatch(json.stderr, /indexing backup|: reading |rows written|completed in/);
    assert.equal(json.stdout.trim().split('\n').length, 1);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(report), ['backupId', 'status', 'plugins', 'searchDocuments', 'durationMs']);
    assert.deepEqual(Object.keys(report.plugins.find((plugin: { id: string }) => plugin.id === 'messages')), ['id', 'status', 'rows', 'warnings']);
  });
});

describe('the bars, fed job events', () => {
  const events = (terminal: FakeTerminal, list: JobEvent[]) => {
    const display = jobProgress({ json: false, stream: terminal as unknown as NodeJS.WriteStream, env: { TERM: 'xterm' } });
    for (const event of list) display.onEvent!(event);
    return display;
  };
  const started = (plugin: string, title: string, expectedRows: number | null): JobEvent => ({ type: 'source-started', plugin, title, source: `${plugin}.db`, sources: 1, expectedRows });
  const rows = (plugin: string, n: number): JobEvent => ({ type: 'source-rows', plugin, source: `${plugin}.db`, rows: n, written: n });

  it('a known total: a bar, the percentage, rows of the total, the rate and an ETA; done: a full bar and the time', async () => {
    const terminal = new FakeTerminal();
    const display = events(terminal, [{ type: 'indexing', backupId: 'b' }, started('contacts', 'Contacts', 10_000)]);
    for (const n of [1000, 2000, 3000, 4000]) {
      await sleep(160);
      display.onEvent!(rows('contacts', n));
    }
    display.onEvent!({ type: 'source-finished', plugin: 'contacts', source: 'contacts.db', status: 'completed', rows: 10_000, warnings: 0, durationMs: 1234 });
    display.stop('backup b: INDEXED in 1.3 s');
    const drawn = terminal.drawn();
    assert.ok(drawn.includes('backup b: indexing'), drawn.join('\n'));
    assert.ok(
      drawn.some((line) => /^ {2}Contacts +█{12}░{18}  40% \| 4,000\/10,000 rows \| [\d,]+ rows\/s \| ETA \d+s$/.test(line)),
      drawn.join('\n'),
    );
    assert.ok(drawn.includes(`  Contacts       ${'█'.repeat(30)} 10,000 rows, done in 1.2 s`), drawn.join('\n'));
    assert.ok(drawn.includes('backup b: INDEXED in 1.3 s'));
    assert.ok(!terminal.text.includes('\u001b[?25l') && !terminal.text.includes('\u001b[?7l'), 'the cursor and line wrapping are left alone');
  });

  it('an unknown total, and a total the rows pass: a count and the rate, never a bar, a percentage or an ETA', async () => {
    for (const [expected, label] of [[null, 'unknown'], [500, 'overrun']] as const) {
      const terminal = new FakeTerminal();
      const display = events(terminal, [{ type: 'indexing', backupId: 'b' }, started('notes', 'Notes', expected)]);
      await sleep(160);
      display.onEvent!(rows('notes', 1000));
      await sleep(160);
      display.onEvent!(rows('notes', 2000));
      display.stop();
      const lines = terminal.drawn().filter((line) => line.includes('Notes'));
      assert.ok(lines.some((line) => /^ {2}Notes +[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] 2,000 rows.* \| total unknown$/.test(line)), `${label}: ${lines.join('\n')}`);
      for (const line of lines.filter((entry) => /[12],000 rows/.test(entry))) {
        assert.doesNotMatch(line, /ETA|%|█|░/, `${label}: ${line}`);
      }
    }
  });

  it('a failed source says so with its error; a wait on another job says so while it lasts', async () => {
    const terminal = new FakeTerminal();
    const display = events(terminal, [
      { type: 'waiting', backupId: 'b' },
      { type: 'indexing', backupId: 'b' },
      started('photos', 'Photos', 10),
      { type: 'source-finished', plugin: 'photos', source: 'photos.db', status: 'failed', rows: 0, warnings: 0, durationMs: 12, error: 'photos: parse: file is not a database' },
    ]);
    display.stop();
    const drawn = terminal.drawn();
    assert.ok(drawn.some((line) => /^backup b: waiting, another job is indexing this backup; this one starts when it ends \(0s so far\)$/.test(line)), drawn.join('\n'));
    assert.ok(drawn.includes('  Photos         failed after 12 ms: photos: parse: file is not a database'), drawn.join('\n'));
  });

  it('off a terminal the job lines, indented, and nothing else; with --json nothing at all', () => {
    const piped = new FakeTerminal();
    Object.defineProperty(piped, 'isTTY', { value: false });
    const lines = jobProgress({ json: false, stream: piped as unknown as NodeJS.WriteStream, env: { TERM: 'xterm' } });
    assert.equal(lines.onEvent, undefined);
    lines.progress!('indexing backup b');
    lines.stop();
    assert.equal(piped.text, '  indexing backup b\n');
    const dumb = new FakeTerminal();
    const onDumb = jobProgress({ json: false, stream: dumb as unknown as NodeJS.WriteStream, env: { TERM: 'dumb' } });
    assert.equal(onDumb.onEvent, undefined, 'a dumb terminal gets lines');
    const json = jobProgress({ json: true, stream: new FakeTerminal() as unknown as NodeJS.WriteStream, env: { TERM: 'xterm' } });
    assert.equal(json.onEvent, undefined);
    assert.equal(json.progress, undefined);
  });
});
