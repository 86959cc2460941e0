// Tests of encrypted-backup cryptography: RFC 3394 vectors, keybag parsing and unlocking, wrong passwords, streamed
// file decryption, malformed input, and pyiosbackup's published keybag for password 0000 as an outside test vector.
import assert from 'node:assert/strict';
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { projectRoot } from '../kernel/testing/fixtures.js';
import {
  aesKeyUnwrap,
  aesKeyWrap,
  BackupCryptoError,
  BackupKeys,
  decryptFileTo,
  derivePasscodeKey,
  encryptFileTo,
  makeKeybag,
  parseKeybag,
  tlv,
  uint32,
  WrongPasswordError,
  WRONG_PASSWORD_MESSAGE,
  wrapWithClass,
} from './crypto.js';

const scratch = mkdtempSync(join(tmpdir(), 'crypto-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let scratchFiles = 0;
function scratchPath(name: string): string {
  scratchFiles += 1;
  return join(scratch, `${scratchFiles}-${name}`);
}

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** A small hand-made keybag: header fields overridable, then the given class blocks. */
function handKeybag(overrides: Record<string, Buffer | null> = {}, classBlocks: Buffer[] = []): Buffer {
  const fields: Array<[string, Buffer]> = [
    ['UUID', Buffer.alloc(16, 1)],
    ['TYPE', uint32(1)],
    ['WRAP', uint32(0)],
    ['SALT', Buffer.alloc(20, 2)],
    ['ITER', uint32(10)],
    ['DPWT', uint32(1)],
    ['DPIC', uint32(10)],
    ['DPSL', Buffer.alloc(20, 3)],
  ];
  const header = fields
    .map(([tag, value]): [string, Buffer | null] => [tag, tag in overrides ? overrides[tag] : value])
    .filter((field): field is [string, Buffer] => field[1] !== null)
    .map(([tag, value]) => tlv(tag, value));
  return Buffer.concat([...header, ...classBlocks]);
}

function classBlock(protectionClass: number, wrap: number, wrappedKey: Buffer): Buffer {
  return Buffer.concat([
    tlv('UUID', randomBytes(16)),
    tlv('CLAS', uint32(protectionClass)),
    tlv('WRAP', uint32(wrap)),
    tlv('KTYP', uint32(0)),
    tlv('WPKY', wrappedKey),
  ]);
}

describe('RFC 3394 AES key wrap', () => {
  const vectors = [
    {
      name: '4.1: 128-bit KEK, 128-bit key',
      kek: hex('000102030405060708090A0B0C0D0E0F'),
      key: hex('00112233445566778899AABBCCDDEEFF'),
      wrapped: hex('1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5'),
    },
    {
      name: '4.6: 256-bit KEK, 256-bit key',
      kek: hex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F'),
      key: hex('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F'),
      wrapped: hex('28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21'),
    },
  ];
  for (const vector of vectors) {
    test(`${vector.name}: wrap gives the published ciphertext`, () => {
      assert.deepEqual(aesKeyWrap(vector.kek, vector.key), vector.wrapped);
    });
    test(`${vector.name}: unwrap gives the key back`, () => {
      assert.deepEqual(aesKeyUnwrap(vector.kek, vector.wrapped), vector.key);
    });
    test(`${vector.name}: a flipped bit anywhere fails the integrity check`, () => {
      for (const byte of [0, 7, 8, vector.wrapped.length - 1]) {
        const damaged = Buffer.from(vector.wrapped);
        damaged[byte] ^= 0x10;
        assert.equal(aesKeyUnwrap(vector.kek, damaged), null);
      }
      const otherKek = Buffer.from(vector.kek);
      otherKek[0] ^= 1;
      assert.equal(aesKeyUnwrap(otherKek, vector.wrapped), null);
    });
  }

  const badSizes = [
    { name: 'a 20-byte KEK', run: () => aesKeyUnwrap(Buffer.alloc(20), Buffer.alloc(40)) },
    { name: 'a wrapped key of 23 bytes', run: () => aesKeyUnwrap(Buffer.alloc(32), Buffer.alloc(23)) },
    { name: 'a wrapped key of 16 bytes', run: () => aesKeyUnwrap(Buffer.alloc(32), Buffer.alloc(16)) },
    { name: 'a key to wrap of 12 bytes', run: () => aesKeyWrap(Buffer.alloc(32), Buffer.alloc(12)) },
    { name: 'a 0-byte KEK for wrap', run: () => aesKeyWrap(Buffer.alloc(0), Buffer.alloc(32)) },
  ];
  for (const { name, run } of badSizes) {
    test(`${name} is a BackupCryptoError`, () => {
      assert.throws(run, (error: unknown) => error instanceof BackupCryptoError && error.code === 'BACKUP_CRYPTO_INVALID');
    });
  }
});

describe('keybag round trip', () => {
  const password = 'correct horse battery staple';

  test('makeKeybag → parseKeybag → derivePasscodeKey → unlock opens every class key', async () => {
    const { data, classKeys } = await makeKeybag({ password, iterations: 10, dpic: 10 });
    const keybag = parseKeybag(data);
    assert.equal(keybag.type, 1);
    assert.equal(keybag.iterations, 10);
    assert.equal(keybag.dpic, 10);
    assert.equal(keybag.salt.length, 20);
    assert.equal(keybag.dpsl?.length, 20);
    assert.equal(keybag.uuid?.length, 16);
    assert.deepEqual(
      keybag.classKeys.map((entry) => entry.protectionClass),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
    for (const entry of keybag.classKeys) {
      assert.equal(entry.wrappedKey.length, 40);
      assert.equal(entry.keyType, 0);
      assert.ok(entry.wrap === 3 || entry.wrap === 2, `class ${entry.protectionClass} WRAP ${entry.wrap}`);
    }
    const keys = BackupKeys.unlock(keybag, await derivePasscodeKey(keybag, password));
    for (const [protectionClass, classKey] of classKeys) {
      const fileKey = randomBytes(32);
      assert.deepEqual(keys.unwrap(wrapWithClass(protectionClass, classKey, fileKey)), fileKey);
    }
  });

  test('a wrong password is WrongPasswordError "wrong backup password", with neither password anywhere in it', async () => {
    const { data } = await makeKeybag({ password, iterations: 10, dpic: 10 });
    const keybag = parseKeybag(data);
    const wrong = 'zebra-wrong-passphrase-42';
    const passcodeKey = await derivePasscodeKey(keybag, wrong);
    let thrown: unknown;
    try {
      BackupKeys.unlock(keybag, passcodeKey);
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof WrongPasswordError);
    assert.equal(thrown.message, WRONG_PASSWORD_MESSAGE);
    assert.match(thrown.message, /^wrong backup password: /);
    assert.equal(thrown.code, 'WRONG_PASSWORD');
    assert.equal(thrown.recoverable, false);
    const everything = [thrown.message, thrown.stack ?? '', String(thrown.cause ?? ''), JSON.stringify(thrown)].join('\n');
    for (const secret of [password, wrong, passcodeKey.toString('hex')]) assert.ok(!everything.includes(secret));
  });

  test('pre-10.2 keybag (no DPSL/DPIC): only the SHA-1 round, on the password itself', async () => {
    const classKey = randomBytes(32);
    const salt = Buffer.alloc(20, 2);
    const expected = pbkdf2Sync('1234', salt, 10, 32, 'sha1');
    const data = handKeybag({ DPIC: null, DPSL: null, DPWT: null }, [classBlock(3, 2, aesKeyWrap(expected, classKey))]);
    const keybag = parseKeybag(data);
    assert.equal(keybag.dpic, null);
    assert.equal(keybag.dpsl, null);
    const passcodeKey = await derivePasscodeKey(keybag, '1234');
    assert.deepEqual(passcodeKey, expected);
    const fileKey = randomBytes(32);
    assert.deepEqual(BackupKeys.unlock(keybag, passcodeKey).unwrap(wrapWithClass(3, classKey, fileKey)), fileKey);
  });

  test('class keys not wrapped with the passcode are unavailable, unknown classes are named', async () => {
    const passcodeKey = await derivePasscodeKey(parseKeybag(handKeybag()), 'pw');
    const deviceOnly = randomBytes(32);
    const data = handKeybag({}, [classBlock(3, 3, aesKeyWrap(passcodeKey, randomBytes(32))), classBlock(4, 1, aesKeyWrap(deviceOnly, randomBytes(32)))]);
    const keys = BackupKeys.unlock(parseKeybag(data), passcodeKey);
    assert.throws(() => keys.unwrap(wrapWithClass(4, deviceOnly, randomBytes(32))), {
      name: 'BackupCryptoError',
      message: /protection class 4 is not wrapped with the backup password/,
    });
    assert.throws(() => keys.unwrap(wrapWithClass(9, randomBytes(32), randomBytes(32))), {
      name: 'BackupCryptoError',
      message: /protection class 9 is not in the backup keybag/,
    });
    assert.throws(() => keys.unwrap(wrapWithClass(3, randomBytes(32), randomBytes(32))), {
      name: 'BackupCryptoError',
      message: /fails its integrity check/,
    });
    assert.throws(() => keys.unwrap(Buffer.alloc(10)), { name: 'BackupCryptoError', message: /at least 28 bytes/ });
  });

  test('unknown tags are ignored', () => {
    const data = Buffer.concat([tlv('ZZZZ', Buffer.from('whatever')), handKeybag({}, [classBlock(3, 3, Buffer.alloc(40))])]);
    const extra = Buffer.concat([data, tlv('XTRA', Buffer.alloc(3))]);
    assert.equal(parseKeybag(extra).classKeys.length, 1);
  });

  const malformed: Array<{ name: string; data: () => Buffer; message: RegExp }> = [
    { name: 'a TLV cut inside its value', data: () => handKeybag().subarray(0, 50), message: /truncated/ },
    { name: 'stray bytes after the last TLV', data: () => Buffer.concat([handKeybag(), Buffer.alloc(5)]), message: /truncated/ },
    { name: 'a WPKY of 39 bytes', data: () => handKeybag({}, [classBlock(3, 3, Buffer.alloc(39))]), message: /WPKY of protection class 3 is 39 bytes/ },
    { name: 'ITER 0', data: () => handKeybag({ ITER: uint32(0) }), message: /ITER is 0/ },
    { name: 'ITER absurd', data: () => handKeybag({ ITER: uint32(100_000_001) }), message: /ITER is 100000001/ },
    { name: 'DPIC 0', data: () => handKeybag({ DPIC: uint32(0) }), message: /DPIC is 0/ },
    { name: 'no SALT', data: () => handKeybag({ SALT: null }), message: /no SALT/ },
    { name: 'no ITER', data: () => handKeybag({ ITER: null }), message: /no ITER/ },
    { name: 'a 3-byte integer tag', data: () => handKeybag({ ITER: Buffer.alloc(3) }), message: /ITER must hold a 4-byte integer/ },
    { name: 'DPSL without DPIC', data: () => handKeybag({ DPIC: null }), message: /DPSL and DPIC/ },
  ];
  for (const { name, data, message } of malformed) {
    test(`malformed keybag: ${name} is a BackupCryptoError`, () => {
      assert.throws(() => parseKeybag(data()), (error: unknown) => {
        assert.ok(error instanceof BackupCryptoError, String(error));
        assert.match(error.message, message);
        return true;
      });
    });
  }

  test('a passcode key that is not 32 bytes is refused', () => {
    assert.throws(() => BackupKeys.unlock(parseKeybag(handKeybag()), Buffer.alloc(16)), { name: 'BackupCryptoError' });
  });
});

describe('file encryption and decryption', () => {
  const MiB = 1024 * 1024;
  const sizes = [0, 1, 15, 16, 17, MiB + 3, 9 * MiB + 17];

  for (const size of sizes) {
    test(`round trip of ${size} bytes, in the format Node's one-shot AES-256-CBC gives`, async () => {
      const plain = randomBytes(size);
      const key = randomBytes(32);
      const source = scratchPath('plain');
      const encrypted = scratchPath('enc');
      const decrypted = scratchPath('dec');
      writeFileSync(source, plain);
      await encryptFileTo(source, encrypted, key);
      const cipher = createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
      assert.deepEqual(readFileSync(encrypted), Buffer.concat([cipher.update(plain), cipher.final()]));
      assert.equal(statSync(encrypted).size, Math.floor(size / 16) * 16 + 16);
      const result = await decryptFileTo(encrypted, decrypted, key, `file of ${size}`);
      assert.equal(result.size, size);
      assert.equal(result.sha256, createHash('sha256').update(plain).digest('hex'));
      assert.deepEqual(readFileSync(decrypted), plain);
      assert.equal(statSync(decrypted).mode & 0o777, 0o600);
      assert.equal(statSync(encrypted).mode & 0o777, 0o600);
    });
  }

  test('an existing destination is overwritten and made 0600', async () => {
    const key = randomBytes(32);
    const source = scratchPath('plain');
    const encrypted = scratchPath('enc');
    const decrypted = scratchPath('dec');
    writeFileSync(source, 'short');
    writeFileSync(decrypted, 'a much longer previous content', { mode: 0o644 });
    await encryptFileTo(source, encrypted, key);
    await decryptFileTo(encrypted, decrypted, key, 'existing dest');
    assert.equal(readFileSync(decrypted, 'utf8'), 'short');
    assert.equal(statSync(decrypted).mode & 0o777, 0o600);
  });

  /** Raw AES-256-CBC (zero IV) of `plaintext` without adding padding: lets a case choose its own last block. */
  function rawCiphertext(key: Buffer, plaintext: Buffer): Buffer {
    const cipher = createCipheriv('aes-256-cbc', key, Buffer.alloc(16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(plaintext), cipher.final()]);
  }

  const key = randomBytes(32);
  const broken: Array<{ name: string; ciphertext: () => Buffer; message: RegExp }> = [
    {
      name: 'a truncated ciphertext (not a multiple of 16)',
      ciphertext: () => rawCiphertext(key, Buffer.concat([randomBytes(40), Buffer.alloc(8, 8)])).subarray(0, 45),
      message: /encrypted size 45 is not a positive multiple of 16/,
    },
    { name: 'an empty file', ciphertext: () => Buffer.alloc(0), message: /encrypted size 0/ },
    {
      name: 'a padding byte of 0',
      ciphertext: () => rawCiphertext(key, Buffer.concat([randomBytes(31), Buffer.from([0])])),
      message: /valid PKCS#7 padding/,
    },
    {
      name: 'a padding byte of 17',
      ciphertext: () => rawCiphertext(key, Buffer.concat([randomBytes(31), Buffer.from([17])])),
      message: /valid PKCS#7 padding/,
    },
    {
      name: 'inconsistent padding bytes',
      ciphertext: () => rawCiphertext(key, Buffer.concat([randomBytes(29), Buffer.from([3, 2, 3])])),
      message: /valid PKCS#7 padding/,
    },
    {
      name: 'corrupted padding in a multi-chunk file',
      ciphertext: () => rawCiphertext(key, Buffer.concat([randomBytes(5 * 1024 * 1024 - 1), Buffer.from([0x42])])),
      message: /valid PKCS#7 padding/,
    },
  ];
  for (const { name, ciphertext, message } of broken) {
    test(`${name} is a BackupCryptoError naming the label, and leaves no destination`, async () => {
      const encrypted = scratchPath('broken');
      const decrypted = scratchPath('dec');
      writeFileSync(encrypted, ciphertext());
      await assert.rejects(decryptFileTo(encrypted, decrypted, key, 'HomeDomain/Library/SMS/sms.db'), (error: unknown) => {
        assert.ok(error instanceof BackupCryptoError, String(error));
        assert.match(error.message, /^HomeDomain\/Library\/SMS\/sms\.db: /);
        assert.match(error.message, message);
        return true;
      });
      assert.equal(existsSync(decrypted), false);
    });
  }

  test('a missing encrypted file is a SourceUnreadableError naming the label', async () => {
    await assert.rejects(decryptFileTo(join(scratch, 'absent'), scratchPath('dec'), randomBytes(32), 'CameraRollDomain/x'), {
      name: 'SourceUnreadableError',
      message: /^CameraRollDomain\/x: /,
    });
  });

  test('a file key that is not 32 bytes is a BackupCryptoError', async () => {
    const encrypted = scratchPath('enc');
    writeFileSync(encrypted, Buffer.alloc(16));
    await assert.rejects(decryptFileTo(encrypted, scratchPath('dec'), Buffer.alloc(16), 'label'), {
      name: 'BackupCryptoError',
      message: /label: a file key must be 32 bytes/,
    });
  });
});

describe('pyiosbackup test vector (password 0000)', () => {
  interface Vector {
    password: string;
    keybagHex: string;
    manifestKeyHex: string;
    classKeyHex: string;
    file: { encryptionKeyHex: string; ciphertextHex: string; plaintext: string };
  }
  const vector = JSON.parse(
    readFileSync(join(projectRoot(), 'src/backup/testdata/pyiosbackup-0000.json'), 'utf8'),
  ) as Vector;

  // A real-rounds keybag (DPIC 10,000,000): each derivation takes seconds of CPU, so the right and the wrong password
  // are derived once each, concurrently on the thread pool, for the whole suite — never per case.
  const keybag = parseKeybag(Buffer.from(vector.keybagHex, 'hex'));
  const derived = Promise.all([derivePasscodeKey(keybag, vector.password), derivePasscodeKey(keybag, '1111')]);

  test('the keybag parses as a real iOS 10.2+ backup keybag', () => {
    assert.equal(keybag.type, 1);
    assert.equal(keybag.iterations, 10_000);
    assert.equal(keybag.dpic, 10_000_000);
    assert.equal(keybag.dpwt, 1);
    assert.equal(keybag.classKeys.length, 11);
  });

  test('0000 unlocks it, and every class key is the 32 zero bytes pyiosbackup asserts', async () => {
    const [passcodeKey] = await derived;
    const keys = BackupKeys.unlock(keybag, passcodeKey);
    const classKey = Buffer.from(vector.classKeyHex, 'hex');
    for (let protectionClass = 1; protectionClass <= 11; protectionClass++) {
      const probe = randomBytes(32);
      assert.deepEqual(keys.unwrap(wrapWithClass(protectionClass, classKey, probe)), probe, `class ${protectionClass}`);
    }
  });

  test('1111 is rejected as a wrong password', async () => {
    const [, wrongKey] = await derived;
    assert.throws(() => BackupKeys.unlock(keybag, wrongKey), WrongPasswordError);
  });

  test('the ManifestKey unwraps, and its file decrypts to "Test data"', async () => {
    const [passcodeKey] = await derived;
    const keys = BackupKeys.unlock(keybag, passcodeKey);
    // pyiosbackup wrapped 32 zero bytes under the zero class key (tools/apple-backup-encrypt.py's own AES agrees).
    const manifestKey = keys.unwrap(Buffer.from(vector.manifestKeyHex, 'hex'));
    assert.deepEqual(manifestKey, Buffer.alloc(32));
    const fileKey = keys.unwrap(Buffer.from(vector.file.encryptionKeyHex, 'hex'));
    const encrypted = scratchPath('5727bd1c5fa1055e15d8b4a75a74793c84b5ffdc');
    const decrypted = scratchPath('Test.txt');
    writeFileSync(encrypted, Buffer.from(vector.file.ciphertextHex, 'hex'));
    const result = await decryptFileTo(encrypted, decrypted, fileKey, 'MyTestDomain/Media/Test.txt');
    assert.equal(readFileSync(decrypted, 'utf8'), vector.file.plaintext);
    assert.equal(result.size, 9);
  });
});
