// The notes plugin on hostile input that is well-formed but absurd: tables sized to exhaust memory, a run naming
// an attachment 200,000 times, millions of empty runs, huge hashtag text, folder chains thousands deep and loops,
// legacy HTML built to make regular expressions backtrack, mistyped options and password files. Each is read or
// refused by name; none crashes the job or leaks a password.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { container } from 'tsyringe';
import { readPasswordFile } from '../../cli/args.js';
import { RegistryError } from '../../kernel/errors.js';
import { encodeProtobuf } from '../../kernel/protobuf.js';
import { registerPlugins } from '../../kernel/registry.js';
import { runPlugin } from '../../kernel/testing/harness.js';
import { NoteBodyError, decodeNoteBody, noteContent } from './body.js';
import { htmlToText, looksLikeHtml } from './html.js';
import { notesPlugin } from './plugin.js';
import { MAX_TABLE_CELLS, decodeTable } from './table.js';
import { buildNotesDb } from './testing/build-notes-db.js';

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ios-backup-notes-hostile-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A table document with `rows` x `columns` positions and no cell at all (a few bytes per position). */
function emptyTable(rows: number, columns: number): Buffer {
  const orderedSet = (count: number, seed: number) => {
    const attachments = Array.from({ length: count }, (_, index) => {
      const uuid = Buffer.alloc(16);
      uuid.writeUInt32BE(seed, 0);
      uuid.writeUInt32BE(index, 12);
      return { field: 2, value: encodeProtobuf([{ field: 1, value: index }, { field: 2, value: uuid }]) };
    });
    return encodeProtobuf([{ field: 16, value: encodeProtobuf([{ field: 1, value: encodeProtobuf([{ field: 1, value: encodeProtobuf(attachments) }]) }]) }]);
  };
  const ref = (index: number) => encodeProtobuf([{ field: 6, value: index }]);
  const root = encodeProtobuf([
    {
      field: 13,
      value: encodeProtobuf([
        { field: 1, value: 0 },
        { field: 3, value: encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: ref(1) }]) },
        { field: 3, value: encodeProtobuf([{ field: 1, value: 1 }, { field: 2, value: ref(2) }]) },
        { field: 3, value: encodeProtobuf([{ field: 1, value: 2 }, { field: 2, value: ref(3) }]) },
      ]),
    },
  ]);
  const data = encodeProtobuf([
    { field: 3, value: root },
    { field: 3, value: orderedSet(rows, 1) },
    { field: 3, value: orderedSet(columns, 2) },
    { field: 3, value: encodeProtobuf([{ field: 6, value: Buffer.alloc(0) }]) },
    { field: 4, value: 'crRows' },
    { field: 4, value: 'crColumns' },
    { field: 4, value: 'cellColumns' },
    { field: 5, value: 'com.apple.notes.ICTable' },
  ]);
  return gzipSync(encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: 0 }, { field: 3, value: data }]) }]));
}

/** A note body whose Note message holds `text` and the given raw run bytes. */
function bodyWithRuns(text: string, runs: Buffer): Buffer {
  const note = Buffer.concat([encodeProtobuf([{ field: 2, value: text }]), runs]);
  const document = encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: 0 }, { field: 3, value: note }]);
  return gzipSync(encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: document }]));
}

describe('notes: hostile bodies and tables', () => {
  it('reads a table of 150,000 rows, and refuses by name one of more than a million cells', () => {
    assert.equal(decodeTable(emptyTable(150_000, 1)).rows.length, 150_000);
    assert.throws(
      () => decodeTable(emptyTable(1001, 1000)),
      (error: unknown) => error instanceof NoteBodyError && new RegExp(`1001 rows by 1000 columns is beyond ${MAX_TABLE_CELLS} cells`).test((error as Error).message),
    );
  });

  it('replaces one U+FFFC per attachment run, however many the run covers', () => {
    let calls = 0;
    const text = `a${'\uFFFC'.repeat(200_000)}b`;
    const content = noteContent({ text, runs: [{ length: text.length, style: null, checked: null, link: null, attachment: { identifier: 'X', uti: 'public.url' } }] }, () => {
      calls += 1;
      return 'https://example.org';
    });
    assert.equal(calls, 1);
    assert.equal(content.body, 'ahttps://example.orgb');
    assert.equal(content.attachmentCount, 1);
  });

  it('decodes a body of two million empty runs to its text', () => {
    const empty = Buffer.alloc(4_000_000);
    for (let offset = 0; offset < empty.length; offset += 2) empty[offset] = 0x2a;
    const document = decodeNoteBody(bodyWithRuns('Title\nbody', empty));
    assert.equal(document.text, 'Title\nbody');
    assert.deepEqual(document.runs, []);
    assert.equal(noteContent(document, () => '').body, 'Title\nbody');
  });

  it('refuses a stored body that is not gzip and beyond the size limit', () => {
    assert.throws(() => decodeNoteBody(Buffer.alloc(17 * 1024 * 1024, 0x0a)), (error: unknown) => error instanceof NoteBodyError && /larger than/.test((error as Error).message));
  });
});

describe('notes: hostile stores', () => {
  it('shows a hashtag named ten times once, its huge text cut', async () => {
    const path = join(scratch, 'hashtags.sqlite');
    buildNotesDb(path, {
      accounts: [{ key: 'a', name: 'On My iPhone' }],
      folders: [{ key: 'f', title: 'Notes', account: 'a' }],
      notes: [
        {
          folder: 'f',
          content: [{ text: 'Tags' }, { kind: 'hashtag', tag: 'huge', identifier: 'TAG-1' }],
        },
      ],
    });
    // The body names the hashtag in ten runs of its own; its row's text is a million characters.
    const info = encodeProtobuf([{ field: 1, value: 'TAG-1' }, { field: 2, value: 'com.apple.notes.inlinetextattachment.hashtag' }]);
    const runs = Buffer.concat([
      encodeProtobuf([{ field: 5, value: encodeProtobuf([{ field: 1, value: 5 }]) }]),
      ...Array.from({ length: 10 }, () => encodeProtobuf([{ field: 5, value: encodeProtobuf([{ field: 1, value: 1 }, { field: 12, value: info }]) }])),
    ]);
    const db = new Database(path);
    db.prepare(`UPDATE ZICCLOUDSYNCINGOBJECT SET ZALTTEXT = ? WHERE ZIDENTIFIER = 'TAG-1'`).run(`#${'x'.repeat(1_000_000)}`);
    db.prepare('UPDATE ZICNOTEDATA SET ZDATA = ?').run(bodyWithRuns(`Tags\n${'\uFFFC'.repeat(10)}`, runs));
    db.close();
    const result = await runPlugin(notesPlugin, path);
    const note = result.tables.note![0]!;
    assert.ok(String(note.body).length < 3_000, `body of ${String(note.body).length} characters`);
    assert.equal(note.attachment_count, 1);
  });

  it('files folders thousands deep under a bounded path, and a folder loop without hanging', async () => {
    const depth = 3000;
    const path = join(scratch, 'deep.sqlite');
    buildNotesDb(path, {
      accounts: [{ key: 'a', name: 'On My iPhone' }],
      folders: Array.from({ length: depth }, (_, index) => ({ key: `f${index}`, title: `F${index}`, account: 'a', ...(index > 0 ? { parent: `f${index - 1}` } : {}) })),
      notes: [{ folder: `f${depth - 1}`, content: [{ text: 'Deep' }, { text: 'at the bottom' }] }, { folder: 'f1', content: [{ text: 'Loop' }, { text: 'in a loop' }] }],
    });
    const db = new Database(path);
    // F0's parent becomes F1: F0 and F1 now hold each other.
    db.exec(`UPDATE ZICCLOUDSYNCINGOBJECT SET ZPARENT = (SELECT Z_PK FROM ZICCLOUDSYNCINGOBJECT WHERE ZTITLE2 = 'F1') WHERE ZTITLE2 = 'F0'`);
    db.close();
    const result = await runPlugin(notesPlugin, path);
    const byTitle = new Map(result.tables.note!.map((row) => [row.title, row]));
    const deep = String(byTitle.get('Deep')!.folder_path).split(' / ');
    assert.equal(deep.length, 64);
    assert.equal(deep.at(-1), '…');
    assert.equal(byTitle.get('Deep')!.folder, `F${depth - 1}`);
    assert.ok(['F0 / F1', 'F1'].includes(String(byTitle.get('Loop')!.folder_path)), String(byTitle.get('Loop')!.folder_path));
  });

  it('names every note a wrong password leaves locked in one counted warning', async () => {
    const path = join(scratch, 'locked.sqlite');
    buildNotesDb(path, {
      accounts: [{ key: 'a', name: 'iCloud', iterations: 1000 }],
      folders: [{ key: 'f', title: 'Notes', account: 'a' }],
      notes: Array.from({ length: 12 }, (_, index) => ({ folder: 'f', password: 'right one', content: [{ text: `Locked ${index}` }, { text: 'secret' }] })),
    });
    const result = await runPlugin(notesPlugin, path, { options: { passwords: ['wrong one'] } });
    const wrong = result.warnings.filter((entry) => entry.code === 'NOTES_PASSWORD_WRONG');
    assert.equal(wrong.length, 1);
    assert.equal(wrong[0]!.count, 12);
    assert.match(wrong[0]!.message, /note \d+ \([0-9A-F-]+\), .* and 2 more$/);
    assert.doesNotMatch(JSON.stringify(result.warnings), /wrong one|right one/);
  });
});

describe('notes: legacy HTML', () => {
  const cases: Array<[string, string]> = [
    ['List<div>milk</div><div>eggs</div><div><br></div><div>end</div>', 'List\nmilk\neggs\n\nend'],
    ['<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>', '1\t2\n3\t4'],
    ['Tom &amp; Jerry &lt;3', 'Tom & Jerry <3'],
    ['a<script>evil()</script>b<!-- hidden -->c<style>p{}</style>d', 'abcd'],
    ['Shopping<div><br></div><ul><li>Apples</li><li>Pears</li></ul>', 'Shopping\n\n- Apples\n- Pears'],
    ['line one\nstill line one<br>line two &#233;&#x1F600;', 'line one still line one\nline two é😀'],
  ];
  for (const [html, text] of cases) {
    it(`reads ${JSON.stringify(html.slice(0, 40))}`, () => {
      assert.equal(looksLikeHtml(html), true);
      assert.equal(htmlToText(html), text);
    });
  }

  it('keeps plain text (no tag, no reference) as it is, line breaks included', () => {
    assert.equal(looksLikeHtml('x < y and y > z\nsecond line'), false);
  });

  it('reads inputs made to make tag patterns backtrack, keeping their text', () => {
    assert.equal(htmlToText('<a'.repeat(100_000)).length, 200_000);
    assert.equal(htmlToText(`<${'a'.repeat(500_000)}`).length, 500_001);
    assert.equal(htmlToText('<script>'.repeat(50_000)), '');
    assert.equal(looksLikeHtml(`&${'a'.repeat(500_000)}`), false);
  });
});

describe('notes: options and password files', () => {
  it('refuses at registration a passwords option that is not a list of strings, without repeating it', () => {
    for (const passwords of ['hunter2', [1234], [null]]) {
      assert.throws(
        () => registerPlugins(container.createChildContainer(), [{ plugin: notesPlugin, enabled: true, options: { passwords } }]),
        (error: unknown) => error instanceof RegistryError && /plugin "notes": option `passwords` must be a list of strings/.test(error.message) && !/hunter2|1234/.test(error.message),
      );
    }
  });

  it('reads a password file written with a byte-order mark and Windows line ends', async () => {
    const file = join(scratch, 'passwords.txt');
    writeFileSync(file, '\uFEFFfirst\r\nsecond\r\n\r\n');
    assert.deepEqual(await readPasswordFile(file), ['first', 'second']);
  });
});
