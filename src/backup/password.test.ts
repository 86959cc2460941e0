// Where a backup password comes from: --password-file (first line), --password-env, a prompt on a terminal that
// echoes nothing (run under a real pseudo-terminal with script(1)), and the named secrets workers read.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { entryPoint } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { projectRoot } from '../kernel/testing/fixtures.js';
import { secretPassword } from '../queue/secrets.js';
import { commandLinePassword, readBackupPasswordFile } from './password.js';
import { buildBackupFolder, sampleBackupFiles } from './testing/build-backup.js';

const scratch = mkdtempSync(join(tmpdir(), 'password-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('command line password sources', () => {
  test('a password file gives its first line, without a byte-order mark or a carriage return', async () => {
    assert.equal(await readBackupPasswordFile(file('a.txt', '\uFEFFsecret one\r\nsecond line\n')), 'secret one');
    assert.equal(await commandLinePassword({ file: file('b.txt', 'only') })(), 'only');
  });

  test('an empty first line, a missing file, an unset variable, or both flags are errors that name the flag', async () => {
    await assert.rejects(readBackupPasswordFile(file('empty.txt', '\nnext')), /--password-file: the first line of .* is empty/);
    await assert.rejects(readBackupPasswordFile(join(scratch, 'missing.txt')), /--password-file: cannot read/);
    await assert.rejects(commandLinePassword({ env: 'IOS_BACKUP_TEST_UNSET_VARIABLE' })(), /--password-env: the environment variable IOS_BACKUP_TEST_UNSET_VARIABLE is not set/);
    assert.throws(() => commandLinePassword({ file: 'x', env: 'y' }), /not both/);
  });

  test('the variable is read when asked, once', async () => {
    process.env.IOS_BACKUP_TEST_PASSWORD_VARIABLE = 'from the environment';
    try {
      const source = commandLinePassword({ env: 'IOS_BACKUP_TEST_PASSWORD_VARIABLE' });
      assert.equal(await source(), 'from the environment');
      delete process.env.IOS_BACKUP_TEST_PASSWORD_VARIABLE;
      assert.equal(await source(), 'from the environment');
    } finally {
      delete process.env.IOS_BACKUP_TEST_PASSWORD_VARIABLE;
    }
  });

  test('without a flag and without a terminal there is no password (the caller says how to give one)', async () => {
    const notTerminal = { isTTY: false } as unknown as NodeJS.ReadStream & NodeJS.WriteStream;
    assert.equal(await commandLinePassword({}, { input: notTerminal, output: notTerminal })(), null);
  });

  test('a value of --password-env that is no variable name (the password typed there) is not repeated', async () => {
    await assert.rejects(commandLinePassword({ env: 'my secret pass!' })(), (error: Error) => {
      assert.equal(error.message, '--password-env expects the name of an environment variable (letters, digits and _), not the password itself');
      return true;
    });
  });
});

describe('worker password secrets', () => {
  test('read from IOS_BACKUP_SECRET_<NAME> first, else from the file <NAME> of the secrets folder', async () => {
    const folder = join(scratch, 'secrets');
    mkdirSync(folder);
    writeFileSync(join(folder, 'phone-2'), 'from a file\n');
    assert.equal(await secretPassword('phone-1', folder, { 'IOS_BACKUP_SECRET_phone-1': 'from the environment' })(), 'from the environment');
    assert.equal(await secretPassword('phone-2', folder, {})(), 'from a file');
    assert.equal(await secretPassword(undefined, folder, {})(), null);
  });

  test('a missing secret names the variable and the folder, never a path outside it', async () => {
    await assert.rejects(secretPassword('nosuch', null, {})(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PASSWORD_SECRET_MISSING');
      assert.match(error.message, /no password secret "nosuch": set IOS_BACKUP_SECRET_nosuch .* IOS_BACKUP_SECRETS__DIR/);
      return true;
    });
    writeFileSync(join(scratch, 'outside'), 'not a secret');
    await assert.rejects(secretPassword('../outside', join(scratch, 'secrets'), {})(), { code: 'PASSWORD_SECRET_MISSING' });
  });
});

describe('the interactive prompt', () => {
  let db: TestDatabase;
  let root: string;
  const PASSWORD = 'typed at the prompt 42';
  const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

  before(async () => {
    db = await createTestDatabase('password_prompt');
    const sample = sampleBackupFiles(join(scratch, 'sources'));
    root = (await buildBackupFolder(join(scratch, 'encrypted'), { layout: 'hashed', files: sample.files, encrypted: { password: PASSWORD } })).root;
  });
  after(async () => {
    await db?.drop();
  });

  test('asks on a terminal, echoes nothing, and indexes with what was typed', { skip: hasScript ? false : 'script(1) is not on this machine' }, async () => {
    const command = `${process.execPath} ${entryPoint('cli/main.js')} index ${root} --backup-id prompted`;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      cwd: projectRoot(),
      env: { ...process.env, IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_WORK__DIR: join(scratch, 'work') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!typed && output.includes('Backup password: ')) {
        typed = true;
        child.stdin.write(`${PASSWORD}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.ok(typed, `no prompt in: ${output}`);
    assert.equal(code, 0, output);
    assert.ok(!output.includes(PASSWORD), `the password was echoed: ${output}`);
    const [row] = await db.query("SELECT status, encrypted FROM backup WHERE id = 'prompted'");
    assert.deepEqual(row, { status: 'INDEXED', encrypted: true });
  });
});
