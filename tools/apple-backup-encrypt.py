#!/usr/bin/env python3
# An independent writer of Apple's encrypted iOS 10.2+ backup format (Python stdlib + the openssl command line), so
# tests can check the TypeScript decryption against something that is not our own fixture builder. Shares no code.
"""Write a complete encrypted iOS backup from a folder laid out as <Domain>/<relativePath>.

    python3 tools/apple-backup-encrypt.py --source SRC --out NEW_BACKUP --password-file FILE \
        [--dpic N] [--iterations N] [--device-name NAME]
    python3 tools/apple-backup-encrypt.py --self-test

AES (encrypt direction, FIPS-197) is implemented here in pure Python for the RFC 3394 key wraps; bulk file encryption
(AES-256-CBC, zero IV, PKCS#7) is done by `openssl enc`. The password is read from a file and never printed.
"""

import argparse
import datetime
import hashlib
import os
import plistlib
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import uuid

# --------------------------------------------------------------------------------------------------------------------
# AES block cipher, encrypt direction (FIPS-197 sections 4-5)
# --------------------------------------------------------------------------------------------------------------------


def _gf_multiply(a, b):
    """Product in GF(2^8) modulo the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2)."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        a <<= 1
        if a & 0x100:
            a ^= 0x11B
        b >>= 1
    return product


def _build_sbox():
    """S-box from its definition (FIPS-197 5.1.1): multiplicative inverse, then the affine transformation."""
    inverse = [0] * 256
    for x in range(1, 256):
        for y in range(1, 256):
            if _gf_multiply(x, y) == 1:
                inverse[x] = y
                break
    sbox = []
    for x in range(256):
        b = inverse[x]
        s = b
        for shift in range(1, 5):
            s ^= ((b << shift) | (b >> (8 - shift))) & 0xFF
        sbox.append(s ^ 0x63)
    return sbox


SBOX = _build_sbox()
XTIME = [_gf_multiply(x, 2) for x in range(256)]


def _expand_key(key):
    """Round keys as a list of 16-byte lists (FIPS-197 5.2), for 16-, 24- or 32-byte keys."""
    nk = len(key) // 4
    if len(key) not in (16, 24, 32):
        raise ValueError('an AES key is 16, 24 or 32 bytes')
    rounds = nk + 6
    words = [list(key[4 * i:4 * i + 4]) for i in range(nk)]
    rcon = 1
    for i in range(nk, 4 * (rounds + 1)):
        temp = list(words[i - 1])
        if i % nk == 0:
            temp = temp[1:] + temp[:1]
            temp = [SBOX[b] for b in temp]
            temp[0] ^= rcon
            rcon = _gf_multiply(rcon, 2)
        elif nk > 6 and i % nk == 4:
            temp = [SBOX[b] for b in temp]
        words.append([w ^ t for w, t in zip(words[i - nk], temp)])
    return [sum(words[4 * r:4 * r + 4], []) for r in range(rounds + 1)]


def _mix_column(column):
    a0, a1, a2, a3 = column
    return [
        XTIME[a0] ^ (XTIME[a1] ^ a1) ^ a2 ^ a3,
        a0 ^ XTIME[a1] ^ (XTIME[a2] ^ a2) ^ a3,
        a0 ^ a1 ^ XTIME[a2] ^ (XTIME[a3] ^ a3),
        (XTIME[a0] ^ a0) ^ a1 ^ a2 ^ XTIME[a3],
    ]


class AesEncryptor:
    """AES encryption of single 16-byte blocks. The state is kept column-major: byte r + 4c is row r, column c."""

    def __init__(self, key):
        self.round_keys = _expand_key(bytes(key))

    def encrypt_block(self, block):
        if len(block) != 16:
            raise ValueError('an AES block is 16 bytes')
        state = [b ^ k for b, k in zip(block, self.round_keys[0])]
        last = len(self.round_keys) - 1
        for round_index in range(1, last + 1):
            state = [SBOX[b] for b in state]
            state = [state[r + 4 * ((c + r) % 4)] for c in range(4) for r in range(4)]
            if round_index != last:
                state = sum((_mix_column(state[4 * c:4 * c + 4]) for c in range(4)), [])
            state = [b ^ k for b, k in zip(state, self.round_keys[round_index])]
        return bytes(state)


# --------------------------------------------------------------------------------------------------------------------
# RFC 3394 key wrap
# --------------------------------------------------------------------------------------------------------------------

KEY_WRAP_IV = bytes.fromhex('A6A6A6A6A6A6A6A6')


def key_wrap(kek, key):
    """RFC 3394 section 2.2.1, the index-based form: six passes over the 64-bit blocks of `key`."""
    if len(key) % 8 or len(key) < 16:
        raise ValueError('a key to wrap is a multiple of 8 bytes, at least 16')
    aes = AesEncryptor(kek)
    n = len(key) // 8
    a = KEY_WRAP_IV
    r = [key[8 * i:8 * i + 8] for i in range(n)]
    for j in range(6):
        for i in range(n):
            b = aes.encrypt_block(a + r[i])
            t = n * j + i + 1
            a = (int.from_bytes(b[:8], 'big') ^ t).to_bytes(8, 'big')
            r[i] = b[8:]
    return a + b''.join(r)


# --------------------------------------------------------------------------------------------------------------------
# Bulk AES-256-CBC through openssl
# --------------------------------------------------------------------------------------------------------------------


def openssl_path():
    path = shutil.which('openssl')
    if path is None:
        sys.exit('apple-backup-encrypt: the openssl command is required and was not found on PATH')
    return path


def encrypt_file(source, target, key):
    """AES-256-CBC with a zero IV and PKCS#7 padding (openssl's default), the way backup files are stored."""
    subprocess.run(
        [openssl_path(), 'enc', '-aes-256-cbc', '-K', key.hex(), '-iv', '00' * 16, '-in', source, '-out', target],
        check=True,
        stdin=subprocess.DEVNULL,
    )


# --------------------------------------------------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------------------------------------------------


def self_test():
    checks = [
        ('FIPS-197 C.1 AES-128', AesEncryptor(bytes(range(16))).encrypt_block(bytes.fromhex('00112233445566778899aabbccddeeff')),
         '69c4e0d86a7b0430d8cdb78070b4c55a'),
        ('FIPS-197 C.2 AES-192', AesEncryptor(bytes(range(24))).encrypt_block(bytes.fromhex('00112233445566778899aabbccddeeff')),
         'dda97ca4864cdfe06eaf70a0ec0d7191'),
        ('FIPS-197 C.3 AES-256', AesEncryptor(bytes(range(32))).encrypt_block(bytes.fromhex('00112233445566778899aabbccddeeff')),
         '8ea2b7ca516745bfeafc49904b496089'),
        ('RFC 3394 4.1 128-bit KEK, 128-bit key',
         key_wrap(bytes(range(16)), bytes.fromhex('00112233445566778899AABBCCDDEEFF')),
         '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5'),
        ('RFC 3394 4.6 256-bit KEK, 256-bit key',
         key_wrap(bytes(range(32)), bytes.fromhex('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F')),
         '28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21'),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        key = os.urandom(32)
        block = os.urandom(16)
        plain = os.path.join(scratch, 'plain')
        encrypted = os.path.join(scratch, 'encrypted')
        with open(plain, 'wb') as handle:
            handle.write(block)
        encrypt_file(plain, encrypted, key)
        with open(encrypted, 'rb') as handle:
            ciphertext = handle.read()
        expected_padding = AesEncryptor(key).encrypt_block(bytes(a ^ b for a, b in zip(ciphertext[:16], bytes([16] * 16))))
        checks.append(('openssl first CBC block = pure-Python AES', ciphertext[:16], AesEncryptor(key).encrypt_block(block).hex()))
        checks.append(('openssl PKCS#7 block = pure-Python AES', ciphertext[16:], expected_padding.hex()))
    failed = 0
    for name, got, expected in checks:
        ok = got.hex() == expected
        failed += 0 if ok else 1
        print(f"{'ok' if ok else 'FAIL'}  {name}")
    print(f'{len(checks) - failed} passed, {failed} failed')
    return 0 if failed == 0 else 1


# --------------------------------------------------------------------------------------------------------------------
# Keybag
# --------------------------------------------------------------------------------------------------------------------

CLASSES = range(1, 12)
MANIFEST_CLASS = 4
FILE_CLASSES = (3, 3, 1, 3, 4, 2)


def tlv(tag, value):
    return tag + struct.pack('>I', len(value)) + value


def tlv_int(tag, value):
    return tlv(tag, struct.pack('>I', value))


def passcode_key(password, salt, iterations, dpsl, dpic):
    """PBKDF2-HMAC-SHA1(PBKDF2-HMAC-SHA256(password, DPSL, DPIC, 32), SALT, ITER, 32)."""
    first = hashlib.pbkdf2_hmac('sha256', password, dpsl, dpic, 32)
    return hashlib.pbkdf2_hmac('sha1', first, salt, iterations, 32)


def build_keybag(password, iterations, dpic):
    """The BackupKeyBag bytes and the class keys in clear, by protection class."""
    salt = os.urandom(20)
    dpsl = os.urandom(20)
    kek = passcode_key(password, salt, iterations, dpsl, dpic)
    parts = [
        tlv_int(b'VERS', 4),
        tlv_int(b'TYPE', 1),
        tlv(b'UUID', uuid.uuid4().bytes),
        tlv(b'HMCK', os.urandom(40)),
        tlv_int(b'WRAP', 1),
        tlv(b'SALT', salt),
        tlv_int(b'ITER', iterations),
        tlv_int(b'DPWT', 1),
        tlv_int(b'DPIC', dpic),
        tlv(b'DPSL', dpsl),
    ]
    class_keys = {}
    for protection_class in CLASSES:
        class_keys[protection_class] = os.urandom(32)
        parts += [
            tlv(b'UUID', uuid.uuid4().bytes),
            tlv_int(b'CLAS', protection_class),
            tlv_int(b'WRAP', 3),
            tlv_int(b'KTYP', 0),
            tlv(b'WPKY', key_wrap(kek, class_keys[protection_class])),
        ]
    return b''.join(parts), class_keys


def class_tagged(protection_class, class_keys, key):
    return struct.pack('<I', protection_class) + key_wrap(class_keys[protection_class], key)


# --------------------------------------------------------------------------------------------------------------------
# Manifest.db records
# --------------------------------------------------------------------------------------------------------------------

MBFILE_CLASS = {'$classname': 'MBFile', '$classes': ['MBFile', 'NSObject']}
MUTABLE_DATA_CLASS = {'$classname': 'NSMutableData', '$classes': ['NSMutableData', 'NSData', 'NSObject']}


def archived(objects):
    return plistlib.dumps(
        {'$version': 100000, '$archiver': 'NSKeyedArchiver', '$top': {'root': plistlib.UID(1)}, '$objects': objects},
        fmt=plistlib.FMT_BINARY,
    )


def file_record(relative_path, stat, protection_class, encryption_key):
    """MBFile of a regular file, laid out as Apple's: attributes, the path string, the key NSData, the classes."""
    attributes = {
        '$class': plistlib.UID(5),
        'Birth': int(stat.st_ctime),
        'EncryptionKey': plistlib.UID(3),
        'Flags': 0,
        'GroupID': 501,
        'InodeNumber': stat.st_ino,
        'LastModified': int(stat.st_mtime),
        'LastStatusChange': int(stat.st_ctime),
        'Mode': 0o100644,
        'ProtectionClass': protection_class,
        'RelativePath': plistlib.UID(2),
        'Size': stat.st_size,
        'UserID': 501,
    }
    key_data = {'$class': plistlib.UID(4), 'NS.data': encryption_key}
    return archived(['$null', attributes, relative_path, key_data, MUTABLE_DATA_CLASS, MBFILE_CLASS])


def directory_record(relative_path, inode, when):
    attributes = {
        '$class': plistlib.UID(3),
        'Birth': when,
        'Flags': 0,
        'GroupID': 501,
        'InodeNumber': inode,
        'LastModified': when,
        'LastStatusChange': when,
        'Mode': 0o40755,
        'ProtectionClass': 0,
        'RelativePath': plistlib.UID(2),
        'Size': 0,
        'UserID': 501,
    }
    return archived(['$null', attributes, relative_path, MBFILE_CLASS])


def file_id(domain, relative_path):
    return hashlib.sha1(f'{domain}-{relative_path}'.encode('utf-8')).hexdigest()


MANIFEST_SCHEMA = """
CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);
CREATE INDEX FilesDomainIdx ON Files(domain);
CREATE INDEX FilesRelativePathIdx ON Files(relativePath);
CREATE INDEX FilesFlagsIdx ON Files(flags);
CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);
"""


# --------------------------------------------------------------------------------------------------------------------
# The backup folder
# --------------------------------------------------------------------------------------------------------------------


def source_files(source):
    """(domain, relativePath, absolute path) of every regular file below <source>/<Domain>/, sorted."""
    found = []
    for domain in sorted(os.listdir(source)):
        domain_root = os.path.join(source, domain)
        if not os.path.isdir(domain_root):
            continue
        for folder, folders, names in os.walk(domain_root):
            folders.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    relative = os.path.relpath(path, domain_root).replace(os.sep, '/')
                    found.append((domain, relative, path))
    return found


def parent_directories(relative_path):
    """The domain root ('') and every folder above `relative_path`, outermost first."""
    parts = relative_path.split('/')[:-1]
    return [''] + ['/'.join(parts[:i]) for i in range(1, len(parts) + 1)]


def write_manifest_db(path, rows):
    connection = sqlite3.connect(path)
    try:
        connection.executescript(MANIFEST_SCHEMA)
        connection.executemany('INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)', rows)
        connection.commit()
    finally:
        connection.close()


def device(device_name):
    return {
        'DeviceName': device_name,
        'ProductType': 'iPhone12,1',
        'ProductVersion': '17.5.1',
        'BuildVersion': '21F90',
        'SerialNumber': 'F2LZK0TESTSN',
        'UniqueDeviceID': hashlib.sha1(device_name.encode('utf-8')).hexdigest(),
    }


def write_plists(out, keybag, manifest_key, lockdown, now):
    with open(os.path.join(out, 'Manifest.plist'), 'wb') as handle:
        plistlib.dump({
            'BackupKeyBag': keybag,
            'ManifestKey': manifest_key,
            'IsEncrypted': True,
            'Version': '10.0',
            'Date': now,
            'SystemDomainsVersion': '24.0',
            'WasPasscodeSet': True,
            'Lockdown': lockdown,
            'Applications': {},
        }, handle, fmt=plistlib.FMT_BINARY)
    with open(os.path.join(out, 'Info.plist'), 'wb') as handle:
        plistlib.dump({
            'Device Name': lockdown['DeviceName'],
            'Display Name': lockdown['DeviceName'],
            'Product Type': lockdown['ProductType'],
            'Product Version': lockdown['ProductVersion'],
            'Build Version': lockdown['BuildVersion'],
            'Serial Number': lockdown['SerialNumber'],
            'Unique Identifier': lockdown['UniqueDeviceID'].upper(),
            'Target Identifier': lockdown['UniqueDeviceID'].upper(),
            'Target Type': 'Device',
            'IMEI': '350000000000000',
            'Last Backup Date': now,
            'GUID': uuid.uuid4().hex.upper(),
            'iTunes Version': '12.13',
        }, handle, fmt=plistlib.FMT_XML)
    with open(os.path.join(out, 'Status.plist'), 'wb') as handle:
        plistlib.dump({
            'IsFullBackup': True,
            'Version': '3.3',
            'BackupState': 'new',
            'SnapshotState': 'finished',
            'Date': now,
            'UUID': str(uuid.uuid4()).upper(),
        }, handle, fmt=plistlib.FMT_BINARY)


def read_password(path):
    with open(path, 'rb') as handle:
        secret = handle.read()
    if secret.endswith(b'\r\n'):
        return secret[:-2]
    if secret.endswith(b'\n'):
        return secret[:-1]
    return secret


def build_backup(source, out, password, dpic, iterations, device_name):
    """Writes the whole backup; returns the number of files stored."""
    keybag, class_keys = build_keybag(password, iterations, dpic)
    manifest_key = os.urandom(32)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    rows = {}
    files = source_files(source)
    for index, (domain, relative_path, path) in enumerate(files):
        identifier = file_id(domain, relative_path)
        protection_class = FILE_CLASSES[index % len(FILE_CLASSES)]
        key = os.urandom(32)
        os.makedirs(os.path.join(out, identifier[:2]), exist_ok=True)
        encrypt_file(path, os.path.join(out, identifier[:2], identifier), key)
        record = file_record(relative_path, os.stat(path), protection_class, class_tagged(protection_class, class_keys, key))
        rows[identifier] = (identifier, domain, relative_path, 1, record)
        for folder in parent_directories(relative_path):
            folder_id = file_id(domain, folder)
            if folder_id not in rows:
                rows[folder_id] = (folder_id, domain, folder, 2, directory_record(folder, len(rows) + 1000, int(now.timestamp())))
    with tempfile.TemporaryDirectory() as scratch:
        plain_db = os.path.join(scratch, 'Manifest.db')
        write_manifest_db(plain_db, sorted(rows.values()))
        encrypt_file(plain_db, os.path.join(out, 'Manifest.db'), manifest_key)
    write_plists(out, keybag, class_tagged(MANIFEST_CLASS, class_keys, manifest_key), device(device_name), now)
    return len(files)


def main(argv=None):
    parser = argparse.ArgumentParser(description='Write an encrypted iOS 10.2+ backup from a <Domain>/<relativePath> folder.')
    parser.add_argument('--self-test', action='store_true', help='check AES, RFC 3394 and openssl against known vectors')
    parser.add_argument('--source', help='folder laid out as <Domain>/<relativePath>')
    parser.add_argument('--out', help='the new backup folder (must not exist, or be empty)')
    parser.add_argument('--password-file', help='file holding the backup password (one trailing newline is stripped)')
    parser.add_argument('--dpic', type=int, default=1, help='PBKDF2-SHA256 rounds (DPIC); real backups use 10,000,000')
    parser.add_argument('--iterations', type=int, default=1, help='PBKDF2-SHA1 rounds (ITER); real backups use 10,000')
    parser.add_argument('--device-name', default='Test iPhone')
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if not (args.source and args.out and args.password_file):
        parser.error('--source, --out and --password-file are required (or --self-test)')
    if args.dpic < 1 or args.iterations < 1:
        parser.error('--dpic and --iterations must be at least 1')
    if not os.path.isdir(args.source):
        parser.error('--source is not a folder')
    if os.path.exists(args.out) and os.listdir(args.out):
        parser.error('--out exists and is not empty')
    openssl_path()
    os.makedirs(args.out, exist_ok=True)
    count = build_backup(args.source, args.out, read_password(args.password_file), args.dpic, args.iterations, args.device_name)
    print(f"wrote an encrypted backup of {count} file{'' if count == 1 else 's'} to {args.out}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
