// Tests of the plist wrapper: XML and binary round trips of every value kind, files written by Python's plistlib,
// damaged documents that must fail as PlistError naming the file, and the MBFile records of Manifest.db.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import {
  decodeMBFile,
  encodeMBFile,
  isPlistUid,
  PlistError,
  plistUid,
  readPlist,
  writeBinaryPlist,
  writeXmlPlist,
} from './plist.js';

const PYTHON = spawnSync('python3', ['-c', 'import plistlib'], { encoding: 'utf8' }).status === 0 ? 'python3' : null;
const NO_PYTHON = PYTHON === null ? 'python3 with plistlib is not installed on this machine' : false;

/** Bytes printed (as hex) by a Python program given on the command line. */
function python(program: string): Buffer {
  const hex = execFileSync(PYTHON!, ['-c', program], { encoding: 'utf8' });
  return Buffer.from(hex.trim(), 'hex');
}

/** A Python plistlib value read back by Python and printed as repr, for checking what our writers produce. */
function pythonRepr(bytes: Buffer, expression: string): string {
  const program = `import plistlib,sys; v=plistlib.loads(bytes.fromhex(sys.argv[1])); print(repr(${expression}))`;
  return execFileSync(PYTHON!, ['-c', program, bytes.toString('hex')], { encoding: 'utf8' }).trim();
}

function assertPlistError(action: () => unknown, label: string, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof PlistError, `expected PlistError, got ${String(error)}`);
    assert.equal(error.code, 'PLIST_INVALID');
    assert.ok(error.message.includes(label), `message names ${label}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

const SAMPLE = {
  ascii: 'Test iPhone',
  unicode: 'Zoë’s iPhone 🎉 日本語',
  padded: '  spaces kept  ',
  empty: '',
  markup: 'a & <b> "c" ]]>',
  small: 200,
  medium: 60000,
  large: 2 ** 40,
  negative: -42,
  zero: 0,
  huge: 2n ** 62n + 1n,
  unsigned64: 2n ** 64n - 1n,
  minimum: -(2n ** 63n),
  real: 3.25,
  negativeReal: -0.5,
  yes: true,
  no: false,
  when: new Date('2024-05-01T12:30:45Z'),
  bytes: Buffer.from([0, 1, 2, 254, 255]),
  nothing: Buffer.alloc(0),
  nested: { list: [1, 'two', [3, { four: 4 }]], inner: { deeper: { deepest: 'yes' } }, emptyList: [], emptyDict: {} },
  reference: plistUid(1),
  farReference: plistUid(70000),
  long: 'x'.repeat(300),
  many: Array.from({ length: 300 }, (_, index) => `item ${index}`),
};

describe('readPlist and the writers', () => {
  const writers = [
    { name: 'binary', write: writeBinaryPlist, magic: 'bplist00' },
    { name: 'XML', write: writeXmlPlist, magic: '<?xml' },
  ];
  for (const { name, write, magic } of writers) {
    test(`${name} round trip keeps every value kind`, () => {
      const bytes = write(SAMPLE);
      assert.equal(bytes.subarray(0, magic.length).toString('latin1'), magic);
      const back = readPlist(bytes, `sample.${name}`) as Record<string, unknown>;
      assert.deepEqual(back, SAMPLE);
      assert.ok(isPlistUid(back.reference));
      assert.ok(Buffer.isBuffer(back.bytes));
      assert.equal(typeof back.small, 'number');
      assert.equal(typeof back.huge, 'bigint');
    });

    test(`${name} round trip of a top-level array and a top-level string`, () => {
      assert.deepEqual(readPlist(write(['only']), 'array'), ['only']);
      assert.deepEqual(readPlist(write([[1, 2]]), 'nested array'), [[1, 2]]);
      assert.equal(readPlist(write('just text'), 'string'), 'just text');
    });
  }

  test('binary dates keep milliseconds; XML dates are written to the second, as Apple writes them', () => {
    const when = new Date('2024-05-01T12:30:45.250Z');
    assert.deepEqual(readPlist(writeBinaryPlist({ when }), 'b'), { when });
    assert.deepEqual(readPlist(writeXmlPlist({ when }), 'x'), { when: new Date('2024-05-01T12:30:45Z') });
  });

  test('a plain {uid} dictionary stays a dictionary; only plistUid values are UIDs', () => {
    const back = readPlist(writeBinaryPlist({ plain: { uid: 5 }, real: plistUid(5) }), 'uids') as Record<string, unknown>;
    assert.equal(isPlistUid(back.plain), false);
    assert.deepEqual(back.plain, { uid: 5 });
    assert.equal(isPlistUid(back.real), true);
    assert.equal(isPlistUid({ uid: 5 }), false);
  });

  test('undefined dictionary values are left out', () => {
    assert.deepEqual(readPlist(writeBinaryPlist({ kept: 1, gone: undefined }), 'b'), { kept: 1 });
    assert.deepEqual(readPlist(writeXmlPlist({ kept: 1, gone: undefined }), 'x'), { kept: 1 });
  });

  const unwritable: Array<{ name: string; value: unknown; only?: 'binary' | 'XML'; pattern: RegExp }> = [
    { name: 'null', value: { a: null }, pattern: /null at \$\.a/ },
    { name: 'a function', value: { f: () => 1 }, pattern: /function at \$\.f/ },
    { name: 'an invalid date', value: [new Date(Number.NaN)], pattern: /invalid date at \$\[0\]/ },
    { name: 'a cycle', value: (() => { const a: Record<string, unknown> = {}; a.self = a; return a; })(), pattern: /contains itself/ },
    { name: 'a dictionary that reads as a UID', value: { x: { UID: 3 } }, pattern: /would read back as a UID/ },
    { name: 'a class instance', value: { m: new Map() }, pattern: /Map, not a plain dictionary/ },
    { name: 'a 65-bit integer', value: [2n ** 64n], only: 'binary', pattern: /does not fit 64 bits/ },
    { name: 'an infinite real in XML', value: [Infinity], only: 'XML', pattern: /not finite/ },
    { name: 'a control character in XML', value: ['bell\u0007'], only: 'XML', pattern: /cannot write XML plist/ },
  ];
  for (const { name, value, only, pattern } of unwritable) {
    for (const { name: format, write } of writers) {
      if (only !== undefined && only !== format) continue;
      test(`${format} writer refuses ${name} with a PlistError`, () => {
        assert.throws(() => write(value), (error: unknown) => error instanceof PlistError && pattern.test(error.message));
      });
    }
  }
});

describe('readPlist refuses what is not a well-formed plist', () => {
  const binary = writeBinaryPlist(SAMPLE);
  const cases: Array<{ name: string; bytes: Buffer; pattern: RegExp }> = [
    { name: 'a binary plist cut short', bytes: binary.subarray(0, binary.length - 40), pattern: /binary plist/ },
    { name: 'a binary plist cut to its first half', bytes: binary.subarray(0, binary.length >> 1), pattern: /binary plist/ },
    { name: 'a binary plist of header only', bytes: Buffer.from('bplist00'), pattern: /truncated binary plist/ },
    {
      name: 'a binary plist whose offset table points into nowhere',
      bytes: (() => {
        const copy = Buffer.from(writeBinaryPlist({ a: 'b' }));
        copy.writeBigUInt64BE(BigInt(copy.length), copy.length - 8);
        return copy;
      })(),
      pattern: /offset table lies outside the file/,
    },
    { name: 'XML with garbage after </plist>', bytes: Buffer.concat([writeXmlPlist({ a: 1 }), Buffer.from('garbage<<>>')]), pattern: /malformed XML plist/ },
    { name: 'XML cut in the middle of a tag', bytes: Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict><key>a</key><string>x</str'), pattern: /malformed XML plist/ },
    { name: 'XML with an unknown element', bytes: Buffer.from('<plist version="1.0"><dict><key>a</key><colour/></dict></plist>'), pattern: /Invalid PLIST tag colour/ },
    { name: 'XML with an invalid date', bytes: Buffer.from('<plist version="1.0"><date>yesterday</date></plist>'), pattern: /invalid date/ },
    { name: 'XML with a __proto__ key', bytes: Buffer.from('<plist version="1.0"><dict><key>__proto__</key><string>x</string></dict></plist>'), pattern: /__proto__/ },
    { name: 'JSON', bytes: Buffer.from('{"a": 1}'), pattern: /not a property list/ },
    { name: 'an empty file', bytes: Buffer.alloc(0), pattern: /empty/ },
    { name: 'a newer binary format', bytes: Buffer.from('bplist15\u0000\u0000'), pattern: /version "15" is not supported/ },
  ];
  for (const { name, bytes, pattern } of cases) {
    test(name, () => assertPlistError(() => readPlist(bytes, 'Damaged.plist'), 'Damaged.plist', pattern));
  }

  test('every one-byte change of a binary plist, an MBFile and an XML plist is read or refused as PlistError, never a raw error', () => {
    const documents = [
      writeBinaryPlist({ a: 'héllo', n: [1, 2, 300, 2n ** 60n], d: new Date(0), b: Buffer.from('xy'), u: plistUid(2), nested: { k: true } }),
      encodeMBFile({ relativePath: 'a/b', size: 5, encryptionKey: Buffer.alloc(44, 1) }),
      writeXmlPlist({ a: 'h', n: [1, 2], d: new Date(0), b: Buffer.from('xy'), u: plistUid(2) }),
    ];
    let refused = 0;
    for (const document of documents) {
      for (let index = 0; index < document.length; index++) {
        for (const value of [0x00, 0xff, 0x3c, (document[index]! + 1) & 0xff]) {
          const damaged = Buffer.from(document);
          damaged[index] = value;
          for (const read of [() => readPlist(damaged, 'fuzz'), () => decodeMBFile(damaged, 'fuzz')]) {
            try {
              read();
            } catch (error) {
              assert.ok(error instanceof PlistError, `byte ${index} = ${value}: ${String(error)}`);
              refused++;
            }
          }
        }
      }
    }
    assert.ok(refused > 0);
  });

  test('a binary plist whose array contains itself', () => {
    const bytes = writeBinaryPlist([[1]]);
    const topArray = bytes.indexOf(0xa1, 8);
    const damaged = Buffer.from(bytes);
    damaged[topArray + 1] = 0;
    assertPlistError(() => readPlist(damaged, 'Loop.plist'), 'Loop.plist', /contains itself/);
  });
});

describe('plists written by Python plistlib', { skip: NO_PYTHON }, () => {
  test('binary and XML documents read with the right types', () => {
    const program = `
import plistlib, datetime
v = {'name': 'Zoë 🎉', 'small': 200, 'u16': 60000, 'big': 2**40, 'neg': -5, 'huge': 2**62 + 1, 'u64': 2**64 - 1,
     'real': 1.5, 'yes': True, 'when': datetime.datetime(2024, 5, 1, 12, 30, 45), 'bytes': b'\\x00\\xff',
     'list': [1, 'a', {'k': 'v'}], 'padded': '  x  '}
b = dict(v, uid=plistlib.UID(300))
x = dict(v, u64=2**63 - 1)
print(plistlib.dumps(b, fmt=plistlib.FMT_BINARY).hex() + ' ' + plistlib.dumps(x, fmt=plistlib.FMT_XML).hex())`;
    const [binaryHex, xmlHex] = execFileSync(PYTHON!, ['-c', program], { encoding: 'utf8' }).trim().split(' ');
    const expected = {
      name: 'Zoë 🎉', small: 200, u16: 60000, big: 2 ** 40, neg: -5, huge: 2n ** 62n + 1n, real: 1.5, yes: true,
      when: new Date('2024-05-01T12:30:45Z'), bytes: Buffer.from([0, 255]), list: [1, 'a', { k: 'v' }], padded: '  x  ',
    };
    assert.deepEqual(readPlist(Buffer.from(binaryHex!, 'hex'), 'py.bplist'), { ...expected, u64: 2n ** 64n - 1n, uid: plistUid(300) });
    assert.deepEqual(readPlist(Buffer.from(xmlHex!, 'hex'), 'py.xml'), { ...expected, u64: 2n ** 63n - 1n });
  });

  test('what our binary writer produces reads in plistlib, UIDs and 64-bit integers included', () => {
    const bytes = writeBinaryPlist({ uid: plistUid(300), small: 200, u64: 2n ** 64n - 1n, minimum: -(2n ** 63n), text: 'Zoë' });
    assert.equal(pythonRepr(bytes, "[v['uid'].data, v['small'], v['u64'], v['minimum'], v['text']]"), "[300, 200, 18446744073709551615, -9223372036854775808, 'Zoë']");
  });

  test('what our XML writer produces reads in plistlib', () => {
    const bytes = writeXmlPlist({ when: new Date('2024-05-01T12:30:45Z'), data: Buffer.from('hi'), big: 2n ** 62n });
    assert.equal(pythonRepr(bytes, "[v['when'].isoformat(), v['data'], v['big']]"), "['2024-05-01T12:30:45', b'hi', 4611686018427387904]");
  });
});

describe('MBFile records', () => {
  test('a blob built independently by Python plistlib decodes, EncryptionKey behind an NSMutableData object', { skip: NO_PYTHON }, () => {
    const blob = python(`
import plistlib, struct
key = struct.pack('<I', 3) + bytes(range(40))
objects = ['$null',
  {'$class': plistlib.UID(5), 'RelativePath': plistlib.UID(2), 'Size': 4096, 'Mode': 0o100644, 'UserID': 501, 'GroupID': 501,
   'InodeNumber': 123456789, 'LastModified': 1700000000, 'Birth': 1690000000, 'LastStatusChange': 1700000000,
   'ProtectionClass': 3, 'Flags': 0, 'EncryptionKey': plistlib.UID(3)},
  'Library/SMS/sms.db',
  {'$class': plistlib.UID(4), 'NS.data': key},
  {'$classname': 'NSMutableData', '$classes': ['NSMutableData', 'NSData', 'NSObject']},
  {'$classname': 'MBFile', '$classes': ['MBFile', 'NSObject']}]
archive = {'$version': 100000, '$archiver': 'NSKeyedArchiver', '$top': {'root': plistlib.UID(1)}, '$objects': objects}
print(plistlib.dumps(archive, fmt=plistlib.FMT_BINARY).hex())`);
    const key = Buffer.concat([Buffer.from([3, 0, 0, 0]), Buffer.from(Array.from({ length: 40 }, (_, index) => index))]);
    assert.deepEqual(decodeMBFile(blob, 'Files.file sms.db'), {
      size: 4096,
      mode: 0o100644,
      protectionClass: 3,
      lastModified: new Date(1700000000 * 1000),
      birth: new Date(1690000000 * 1000),
      inode: 123456789,
      encryptionKey: key,
      relativePath: 'Library/SMS/sms.db',
      target: null,
    });
  });

  test('a symlink record with its Target and an EncryptionKey given as data directly', { skip: NO_PYTHON }, () => {
    const blob = python(`
import plistlib
objects = ['$null', {'$class': plistlib.UID(4), 'RelativePath': plistlib.UID(2), 'Target': plistlib.UID(3), 'Mode': 0o120755,
  'EncryptionKey': b'\\x01\\x00\\x00\\x00' + b'k' * 40, 'Size': 0}, 'Library/link', '/var/mobile/target',
  {'$classname': 'MBFile', '$classes': ['MBFile', 'NSObject']}]
print(plistlib.dumps({'$version': 100000, '$archiver': 'NSKeyedArchiver', '$top': {'root': plistlib.UID(1)}, '$objects': objects}, fmt=plistlib.FMT_BINARY).hex())`);
    const record = decodeMBFile(blob, 'link');
    assert.equal(record.target, '/var/mobile/target');
    assert.equal(record.relativePath, 'Library/link');
    assert.equal(record.mode, 0o120755);
    assert.deepEqual(record.encryptionKey, Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.alloc(40, 'k')]));
    assert.equal(record.lastModified, null);
    assert.equal(record.protectionClass, null);
  });

  test('encodeMBFile → decodeMBFile round trip', () => {
    const encryptionKey = Buffer.concat([Buffer.from([3, 0, 0, 0]), Buffer.alloc(40, 9)]);
    const lastModified = new Date('2024-02-03T04:05:06Z');
    const blob = encodeMBFile({ relativePath: 'Media/DCIM/100APPLE/IMG_0001.HEIC', size: 5_000_000_000, mode: 0o100600, protectionClass: 4, encryptionKey, lastModified, birth: new Date('2023-01-01T00:00:00Z'), inode: 2 ** 40 });
    assert.deepEqual(decodeMBFile(blob, 'round trip'), {
      size: 5_000_000_000,
      mode: 0o100600,
      protectionClass: 4,
      lastModified,
      birth: new Date('2023-01-01T00:00:00Z'),
      inode: 2 ** 40,
      encryptionKey,
      relativePath: 'Media/DCIM/100APPLE/IMG_0001.HEIC',
      target: null,
    });
  });

  test('encodeMBFile writes the shape of a real archive', () => {
    const archive = readPlist(encodeMBFile({ relativePath: 'a/b', size: 3, encryptionKey: Buffer.alloc(44) }), 'shape') as Record<string, unknown>;
    assert.equal(archive.$version, 100000);
    assert.equal(archive.$archiver, 'NSKeyedArchiver');
    assert.deepEqual(archive.$top, { root: plistUid(1) });
    const objects = archive.$objects as unknown[];
    assert.equal(objects[0], '$null');
    const file = objects[1] as Record<string, unknown>;
    assert.deepEqual(Object.keys(file).sort(), ['$class', 'Birth', 'EncryptionKey', 'Flags', 'GroupID', 'InodeNumber', 'LastModified', 'LastStatusChange', 'Mode', 'ProtectionClass', 'RelativePath', 'Size', 'UserID']);
    assert.equal(file.UserID, 501);
    assert.equal(file.ProtectionClass, 3);
    assert.equal(typeof file.LastModified, 'number');
    assert.deepEqual(objects[(file.$class as { uid: number }).uid], { $classname: 'MBFile', $classes: ['MBFile', 'NSObject'] });
    const key = objects[(file.EncryptionKey as { uid: number }).uid] as Record<string, unknown>;
    assert.deepEqual(objects[(key.$class as { uid: number }).uid], { $classname: 'NSMutableData', $classes: ['NSMutableData', 'NSData', 'NSObject'] });
    assert.equal(decodeMBFile(encodeMBFile({ relativePath: 'x', size: 1 }), 'no key').encryptionKey, null);
  });

  test('encodeMBFile output reads in Python plistlib', { skip: NO_PYTHON }, () => {
    const blob = encodeMBFile({ relativePath: 'Library/SMS/sms.db', size: 77, encryptionKey: Buffer.alloc(44, 1) });
    assert.equal(pythonRepr(blob, "(v['$objects'][v['$objects'][1]['RelativePath'].data], v['$objects'][1]['Size'], len(v['$objects'][v['$objects'][1]['EncryptionKey'].data]['NS.data']))"), "('Library/SMS/sms.db', 77, 44)");
  });

  const notArchives: Array<{ name: string; blob: Buffer; pattern: RegExp }> = [
    { name: 'a plain dictionary', blob: writeBinaryPlist({ Size: 3 }), pattern: /not an NSKeyedArchiver archive/ },
    { name: 'an array', blob: writeBinaryPlist([1, 2]), pattern: /top level is not a dictionary/ },
    { name: 'an archive without $top', blob: writeBinaryPlist({ $archiver: 'NSKeyedArchiver', $objects: ['$null'] }), pattern: /no \$top\.root/ },
    {
      name: 'an archive of another class',
      blob: writeBinaryPlist({ $archiver: 'NSKeyedArchiver', $version: 100000, $top: { root: plistUid(1) }, $objects: ['$null', { $class: plistUid(2) }, { $classname: 'NSDictionary', $classes: ['NSDictionary', 'NSObject'] }] }),
      pattern: /NSDictionary, not an MBFile/,
    },
    {
      name: 'an archive whose root points past $objects',
      blob: writeBinaryPlist({ $archiver: 'NSKeyedArchiver', $top: { root: plistUid(9) }, $objects: ['$null'] }),
      pattern: /not a dictionary/,
    },
    { name: 'bytes that are no plist at all', blob: Buffer.from('SQLite format 3\u0000'), pattern: /not a property list/ },
  ];
  for (const { name, blob, pattern } of notArchives) {
    test(`decodeMBFile of ${name} → PlistError`, () => assertPlistError(() => decodeMBFile(blob, 'Files.file row 7'), 'Files.file row 7', pattern));
  }
});
