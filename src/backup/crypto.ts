// Cryptography of encrypted iOS backups (iOS 10.2+ and older): the BackupKeyBag TLV, the passcode key, RFC 3394 key
// unwrap of class keys and file keys, and streamed AES-256-CBC decryption of Manifest.db and each file.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  pbkdf2,
  randomBytes,
  type Cipher,
  type Decipher,
  type Hash,
} from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { IosBackupError, SourceUnreadableError } from '../kernel/errors.js';

const pbkdf2Async = promisify(pbkdf2);

/** The passcode key fails the AES key-unwrap integrity check of a class key: the password is not the backup's. */
export class WrongPasswordError extends IosBackupError {
  constructor() {
    super('WRONG_PASSWORD', WRONG_PASSWORD_MESSAGE, { recoverable: false });
  }
}

/** What a wrong password is told, never repeating it. */
export const WRONG_PASSWORD_MESSAGE =
  'wrong backup password: give the password chosen for encrypted backups in Finder, iTunes or idevicebackup2 (not the phone\'s passcode) and run the command again';

/** The keybag, a wrapped key or an encrypted file is malformed; the message names what, never key bytes or a password. */
export class BackupCryptoError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('BACKUP_CRYPTO_INVALID', message, { cause, recoverable: false });
  }
}

/** One class key entry of a keybag, still wrapped. */
export interface ClassKey {
  uuid: Buffer | null;
  /** Data protection class (1 = Complete ... 11), the `CLAS` tag. */
  protectionClass: number;
  /** How the key is wrapped (`WRAP`): bit 1 (value 1) device key, bit 2 (value 2) passcode key. */
  wrap: number;
  /** `KTYP`: 0 AES, 1 Curve25519. */
  keyType: number;
  /** `WPKY`: the RFC 3394 wrapped key, 40 bytes. */
  wrappedKey: Buffer;
}

/** A parsed BackupKeyBag: the header fields the passcode key derivation needs and the wrapped class keys. */
export interface Keybag {
  uuid: Buffer | null;
  /** `TYPE`: 1 for a backup keybag; -1 when the tag is absent. */
  type: number;
  /** Header `WRAP`; 0 when absent. */
  wrap: number;
  salt: Buffer;
  iterations: number;
  /** iOS 10.2+ first-round salt (`DPSL`), null in older keybags. */
  dpsl: Buffer | null;
  /** iOS 10.2+ first-round iteration count (`DPIC`), null in older keybags. */
  dpic: number | null;
  dpwt: number | null;
  classKeys: ClassKey[];
}

/** Largest iteration count accepted for ITER or DPIC: anything above is a damaged keybag, not a real one. */
const MAX_ROUNDS = 100_000_000;
const WRAPPED_KEY_LENGTH = 40;
const WRAP_PASSCODE = 2;
const KEY_WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
const ZERO_IV = Buffer.alloc(16);
const AES_BLOCK = 16;
/** Bytes read, decrypted and written at a time by the file streams. */
const CHUNK_BYTES = 1024 * 1024;
/** Read buffers kept between calls (fresh ones cost page faults on every file); one call's pair is kept. */
const spareReadBuffers: Buffer[] = [];
const MAX_SPARE_READ_BUFFERS = 2;

function takeReadBuffer(): Buffer {
  return spareReadBuffers.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

function releaseReadBuffer(buffer: Buffer): void {
  if (spareReadBuffers.length < MAX_SPARE_READ_BUFFERS) spareReadBuffers.push(buffer);
}

const INTEGER_TAGS = new Set(['TYPE', 'WRAP', 'ITER', 'DPIC', 'DPWT', 'CLAS', 'KTYP', 'VERS']);

interface KeybagTag {
  tag: string;
  value: Buffer;
}

function readTags(data: Buffer): KeybagTag[] {
  const tags: KeybagTag[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (data.length - offset < 8) {
      throw new BackupCryptoError(`the keybag is truncated: ${data.length - offset} stray bytes at offset ${offset}`);
    }
    const tag = data.toString('latin1', offset, offset + 4);
    const length = data.readUInt32BE(offset + 4);
    if (length > data.length - offset - 8) {
      throw new BackupCryptoError(`the keybag is truncated: tag ${JSON.stringify(tag)} at offset ${offset} claims ${length} bytes`);
    }
    tags.push({ tag, value: data.subarray(offset + 8, offset + 8 + length) });
    offset += 8 + length;
  }
  return tags;
}

function integerOf(entry: KeybagTag): number {
  if (entry.value.length !== 4) {
    throw new BackupCryptoError(`keybag tag ${entry.tag} must hold a 4-byte integer, it holds ${entry.value.length} bytes`);
  }
  return entry.value.readUInt32BE(0);
}

function checkRounds(name: string, rounds: number): void {
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) {
    throw new BackupCryptoError(`keybag ${name} is ${rounds}: an iteration count must be between 1 and ${MAX_ROUNDS}`);
  }
}

interface ClassKeyDraft {
  uuid: Buffer | null;
  tags: Map<string, Buffer>;
}

/** The class key of one block, or null for a block without WPKY (nothing to unwrap, as reference tools skip it). */
function classKeyOf(draft: ClassKeyDraft, index: number): ClassKey | null {
  const clas = draft.tags.get('CLAS');
  const wpky = draft.tags.get('WPKY');
  if (clas === undefined) throw new BackupCryptoError(`keybag class key #${index + 1} has no CLAS tag`);
  if (wpky === undefined) return null;
  const protectionClass = integerOf({ tag: 'CLAS', value: clas });
  if (wpky.length !== WRAPPED_KEY_LENGTH) {
    throw new BackupCryptoError(
      `keybag WPKY of protection class ${protectionClass} is ${wpky.length} bytes, expected ${WRAPPED_KEY_LENGTH}`,
    );
  }
  const wrap = draft.tags.get('WRAP');
  const ktyp = draft.tags.get('KTYP');
  return {
    uuid: draft.uuid,
    protectionClass,
    wrap: wrap === undefined ? 0 : integerOf({ tag: 'WRAP', value: wrap }),
    keyType: ktyp === undefined ? 0 : integerOf({ tag: 'KTYP', value: ktyp }),
    wrappedKey: Buffer.from(wpky),
  };
}

function headerOf(header: Map<string, Buffer>, uuid: Buffer | null, classKeys: ClassKey[]): Keybag {
  const salt = header.get('SALT');
  const iter = header.get('ITER');
  if (salt === undefined || salt.length === 0) throw new BackupCryptoError('the keybag has no SALT');
  if (iter === undefined) throw new BackupCryptoError('the keybag has no ITER');
  const optionalInteger = (tag: string): number | null => {
    const value = header.get(tag);
    return value === undefined ? null : integerOf({ tag, value });
  };
  const iterations = integerOf({ tag: 'ITER', value: iter });
  checkRounds('ITER', iterations);
  const dpsl = header.get('DPSL') ?? null;
  const dpic = optionalInteger('DPIC');
  if (dpic !== null) checkRounds('DPIC', dpic);
  if ((dpsl === null) !== (dpic === null)) throw new BackupCryptoError('the keybag has one of DPSL and DPIC without the other');
  return {
    uuid,
    type: optionalInteger('TYPE') ?? -1,
    wrap: optionalInteger('WRAP') ?? 0,
    salt: Buffer.from(salt),
    iterations,
    dpsl: dpsl === null ? null : Buffer.from(dpsl),
    dpic,
    dpwt: optionalInteger('DPWT'),
    classKeys,
  };
}

/**
 * Parses a BackupKeyBag TLV stream (4-byte ASCII tag, 4-byte big-endian length, value). The header runs up to the
 * first UUID after the header's own UUID; from there one block per class key starts at each UUID: CLAS, WRAP, KTYP,
 * WPKY. Unknown tags are ignored. BackupCryptoError on a truncated stream, a WPKY that is not 40 bytes, a missing SALT
 * or ITER, or an iteration count of 0 or above 100,000,000.
 */
export function parseKeybag(data: Buffer): Keybag {
  const header = new Map<string, Buffer>();
  let headerUuid: Buffer | null = null;
  const drafts: ClassKeyDraft[] = [];
  for (const entry of readTags(data)) {
    if (INTEGER_TAGS.has(entry.tag)) integerOf(entry);
    const current = drafts.at(-1);
    if (entry.tag === 'UUID') {
      if (headerUuid === null && current === undefined) headerUuid = Buffer.from(entry.value);
      else drafts.push({ uuid: Buffer.from(entry.value), tags: new Map() });
    } else if (current !== undefined) {
      current.tags.set(entry.tag, entry.value);
    } else if (entry.tag === 'CLAS' || entry.tag === 'WPKY') {
      drafts.push({ uuid: null, tags: new Map([[entry.tag, entry.value]]) });
    } else {
      header.set(entry.tag, entry.value);
    }
  }
  const classKeys = drafts.map(classKeyOf).filter((entry): entry is ClassKey => entry !== null);
  return headerOf(header, headerUuid, classKeys);
}

/**
 * The passcode key: PBKDF2-HMAC-SHA1(PBKDF2-HMAC-SHA256(password, DPSL, DPIC, 32), SALT, ITER, 32); with no DPSL/DPIC
 * (keybags before iOS 10.2) only the SHA-1 step, on the password itself. Runs on the thread pool: with the usual
 * DPIC of 10,000,000 it takes seconds, so derive it once per backup.
 */
export async function derivePasscodeKey(keybag: Keybag, password: string): Promise<Buffer> {
  checkRounds('ITER', keybag.iterations);
  let secret = Buffer.from(password, 'utf8');
  try {
    if (keybag.dpsl !== null && keybag.dpic !== null) {
      checkRounds('DPIC', keybag.dpic);
      secret = await pbkdf2Async(secret, keybag.dpsl, keybag.dpic, 32, 'sha256');
    }
    return await pbkdf2Async(secret, keybag.salt, keybag.iterations, 32, 'sha1');
  } catch (error) {
    if (error instanceof BackupCryptoError) throw error;
    // No cause on purpose: nothing reachable from this error may carry the password or a derived secret.
    throw new BackupCryptoError('the passcode key could not be derived from the keybag');
  }
}

function keyWrapCipherName(kek: Buffer): string {
  if (kek.length === 16) return 'id-aes128-wrap';
  if (kek.length === 24) return 'id-aes192-wrap';
  if (kek.length === 32) return 'id-aes256-wrap';
  throw new BackupCryptoError(`a key-encryption key must be 16, 24 or 32 bytes, this one is ${kek.length}`);
}

/**
 * RFC 3394 AES key unwrap (IV A6A6A6A6A6A6A6A6) with a 16-, 24- or 32-byte key-encryption key. Returns null when the
 * integrity check fails (wrong key or damaged input); BackupCryptoError when the sizes cannot be a wrapped key.
 */
export function aesKeyUnwrap(kek: Buffer, wrapped: Buffer): Buffer | null {
  const algorithm = keyWrapCipherName(kek);
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new BackupCryptoError(`a wrapped key must be a multiple of 8 bytes and at least 24, this one is ${wrapped.length}`);
  }
  try {
    const decipher = createDecipheriv(algorithm, kek, KEY_WRAP_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return null;
  }
}

/** RFC 3394 AES key wrap (IV A6A6A6A6A6A6A6A6); `key` is a multiple of 8 bytes, at least 16. */
export function aesKeyWrap(kek: Buffer, key: Buffer): Buffer {
  const algorithm = keyWrapCipherName(kek);
  if (key.length < 16 || key.length % 8 !== 0) {
    throw new BackupCryptoError(`a key to wrap must be a multiple of 8 bytes and at least 16, this one is ${key.length}`);
  }
  const cipher = createCipheriv(algorithm, kek, KEY_WRAP_IV);
  return Buffer.concat([cipher.update(key), cipher.final()]);
}

/** The unlocked keys of one backup. */
export class BackupKeys {
  /** Unwrapped class keys by protection class; null for a class the keybag holds but the passcode cannot open. */
  private readonly classKeys: ReadonlyMap<number, Buffer | null>;

  private constructor(classKeys: ReadonlyMap<number, Buffer | null>) {
    this.classKeys = classKeys;
  }

  /**
   * Unwraps with the passcode key every class key whose WRAP has bit 2 (value 2) set; the others are recorded as
   * unavailable. Throws WrongPasswordError when an unwrap fails its integrity check.
   */
  static unlock(keybag: Keybag, passcodeKey: Buffer): BackupKeys {
    if (passcodeKey.length !== 32) {
      throw new BackupCryptoError(`a passcode key must be 32 bytes, this one is ${passcodeKey.length}`);
    }
    const classKeys = new Map<number, Buffer | null>();
    for (const entry of keybag.classKeys) {
      if ((entry.wrap & WRAP_PASSCODE) === 0) {
        if (!classKeys.has(entry.protectionClass)) classKeys.set(entry.protectionClass, null);
        continue;
      }
      const key = aesKeyUnwrap(passcodeKey, entry.wrappedKey);
      if (key === null) throw new WrongPasswordError();
      classKeys.set(entry.protectionClass, key);
    }
    return new BackupKeys(classKeys);
  }

  /**
   * Unwraps a key given as 4-byte little-endian protection class + wrapped key (ManifestKey, MBFile EncryptionKey).
   * BackupCryptoError when the class is unknown or unavailable, the sizes are wrong, or the unwrap fails.
   */
  unwrap(classAndWrappedKey: Buffer): Buffer {
    if (classAndWrappedKey.length < 4 + 24) {
      throw new BackupCryptoError(
        `a class-tagged wrapped key must be at least 28 bytes, this one is ${classAndWrappedKey.length}`,
      );
    }
    const protectionClass = classAndWrappedKey.readUInt32LE(0);
    const classKey = this.classKeys.get(protectionClass);
    if (classKey === undefined) {
      throw new BackupCryptoError(`protection class ${protectionClass} is not in the backup keybag`);
    }
    if (classKey === null) {
      throw new BackupCryptoError(`the key of protection class ${protectionClass} is not wrapped with the backup password`);
    }
    const key = aesKeyUnwrap(classKey, classAndWrappedKey.subarray(4));
    if (key === null) {
      throw new BackupCryptoError(`a key wrapped under protection class ${protectionClass} fails its integrity check`);
    }
    return key;
  }
}

function checkFileKey(key: Buffer, label: string): void {
  if (key.length !== 32) throw new BackupCryptoError(`${label}: a file key must be 32 bytes, this one is ${key.length}`);
}

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written);
    written += bytesWritten;
  }
}

/** Opens `dest` for writing with mode 0600, whether it is new or already exists (then truncated). */
async function openPrivate(dest: string): Promise<FileHandle> {
  const handle = await open(dest, 'w', 0o600);
  await handle.chmod(0o600);
  return handle;
}

/** Length of the PKCS#7 padding ending `plaintext`, or -1 when it is not valid padding. */
function paddingLength(plaintext: Buffer): number {
  if (plaintext.length < AES_BLOCK) return -1;
  const length = plaintext[plaintext.length - 1];
  if (length < 1 || length > AES_BLOCK) return -1;
  for (let i = plaintext.length - length; i < plaintext.length; i++) if (plaintext[i] !== length) return -1;
  return length;
}

/**
 * The file's chunks, read ahead one chunk while the caller works on the current one, into two preallocated buffers.
 * Each yielded view is valid until the next iteration.
 */
async function* chunksOf(handle: FileHandle, size: number, label: string): AsyncGenerator<Buffer> {
  const buffers = [takeReadBuffer(), takeReadBuffer()];
  const readAt = (index: number, position: number): Promise<number> =>
    readFully(handle, buffers[index], Math.min(CHUNK_BYTES, size - position), position);
  let position = 0;
  let index = 0;
  let pending = size > 0 ? readAt(0, 0) : null;
  try {
    while (pending !== null) {
      const expected = Math.min(CHUNK_BYTES, size - position);
      const got = await pending;
      if (got !== expected) throw new BackupCryptoError(`${label}: the file changed size while it was read`);
      const current = buffers[index];
      position += got;
      index = 1 - index;
      pending = position < size ? readAt(index, position) : null;
      yield current.subarray(0, got);
    }
  } finally {
    if (pending !== null) await pending.catch(() => 0);
    buffers.forEach(releaseReadBuffer);
  }
}

interface CipherRun {
  /** Bytes of plaintext written. */
  size: number;
}

/**
 * Feeds every chunk of `src` through `transform` and writes what comes out, one write in flight while the next chunk
 * is transformed; `last` is applied to the final output and may shorten it (padding).
 */
async function transformFile(
  source: FileHandle,
  size: number,
  target: FileHandle,
  label: string,
  transform: (chunk: Buffer, last: boolean) => Buffer,
): Promise<CipherRun> {
  let written = 0;
  let writing: Promise<void> = Promise.resolve();
  let position = 0;
  try {
    for await (const chunk of chunksOf(source, size, label)) {
      position += chunk.length;
      const output = transform(chunk, position === size);
      await writing;
      written += output.length;
      writing = output.length > 0 ? writeFully(target, output) : Promise.resolve();
    }
    await writing;
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
  return { size: written };
}

function decryptingTransform(decipher: Decipher, hash: Hash, label: string): (chunk: Buffer, last: boolean) => Buffer {
  return (chunk, last) => {
    let plaintext = decipher.update(chunk);
    if (last) {
      decipher.final();
      const padding = paddingLength(plaintext);
      if (padding < 0) throw new BackupCryptoError(`${label}: the decrypted file does not end in valid PKCS#7 padding`);
      plaintext = plaintext.subarray(0, plaintext.length - padding);
    }
    hash.update(plaintext);
    return plaintext;
  };
}

async function openForReading(src: string, label: string): Promise<FileHandle> {
  try {
    return await open(src, 'r');
  } catch (error) {
    throw new SourceUnreadableError(`${label}: the file cannot be opened for reading`, error);
  }
}

async function closeQuietly(handle: FileHandle | null): Promise<void> {
  if (handle !== null) await handle.close().catch(() => undefined);
}

/**
 * Decrypts `src` (AES-256-CBC, zero IV) into `dest`, created with mode 0600, and strips the PKCS#7 padding. Memory
 * stays constant whatever the file size (two 1 MiB read buffers and two outputs in flight). BackupCryptoError naming
 * `label` when the length is not a positive multiple of 16 or the padding is invalid; `dest` is then removed.
 * Returns the plaintext size and the hex SHA-256 of the plaintext.
 */
export async function decryptFileTo(
  src: string,
  dest: string,
  key: Buffer,
  label: string,
): Promise<{ size: number; sha256: string }> {
  checkFileKey(key, label);
  const source = await openForReading(src, label);
  let target: FileHandle | null = null;
  try {
    const { size } = await source.stat();
    if (size === 0 || size % AES_BLOCK !== 0) {
      throw new BackupCryptoError(`${label}: encrypted size ${size} is not a positive multiple of ${AES_BLOCK} bytes`);
    }
    target = await openPrivate(dest);
    const decipher = createDecipheriv('aes-256-cbc', key, ZERO_IV).setAutoPadding(false);
    const hash = createHash('sha256');
    const run = await transformFile(source, size, target, label, decryptingTransform(decipher, hash, label));
    await target.close();
    target = null;
    return { size: run.size, sha256: hash.digest('hex') };
  } catch (error) {
    if (target !== null) {
      await closeQuietly(target);
      await rm(dest, { force: true });
    }
    throw error;
  } finally {
    await closeQuietly(source);
  }
}

function encryptingTransform(cipher: Cipher): (chunk: Buffer, last: boolean) => Buffer {
  return (chunk, last) => (last ? Buffer.concat([cipher.update(chunk), cipher.final()]) : cipher.update(chunk));
}

/** For fixture builders: encrypts `src` into `dest` (mode 0600) with AES-256-CBC, zero IV and PKCS#7 padding, streamed. */
export async function encryptFileTo(src: string, dest: string, key: Buffer): Promise<void> {
  checkFileKey(key, src);
  const source = await openForReading(src, src);
  let target: FileHandle | null = null;
  try {
    const { size } = await source.stat();
    target = await openPrivate(dest);
    const cipher = createCipheriv('aes-256-cbc', key, ZERO_IV);
    if (size === 0) await writeFully(target, cipher.final());
    else await transformFile(source, size, target, src, encryptingTransform(cipher));
    await target.close();
    target = null;
  } finally {
    await closeQuietly(target);
    await closeQuietly(source);
  }
}

/** One keybag field: 4-byte ASCII tag, 4-byte big-endian length, value (fixture builders and tests write keybags). */
export function tlv(tag: string, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(tag, 0, 4, 'latin1');
  head.writeUInt32BE(value.length, 4);
  return Buffer.concat([head, value]);
}

/** A 4-byte big-endian integer, as keybag integer fields hold them. */
export function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}

/** WRAP of each generated class key: 3 (device and passcode) for most, 2 for a few, as real backup keybags have it. */
function generatedWrapOf(protectionClass: number): number {
  return [6, 7, 8].includes(protectionClass) ? 2 : 3;
}

/**
 * For fixture builders: a BackupKeyBag protected by `password` with the given rounds (tests use tiny ones, e.g. dpic
 * 10 and iterations 10), holding classes 1..11 each with a random 32-byte key; returns the keybag and the keys in clear.
 */
export async function makeKeybag(options: {
  password: string;
  iterations: number;
  dpic: number;
}): Promise<{ data: Buffer; classKeys: Map<number, Buffer> }> {
  const salt = randomBytes(20);
  const dpsl = randomBytes(20);
  const header = [
    tlv('VERS', uint32(4)),
    tlv('TYPE', uint32(1)),
    tlv('UUID', randomBytes(16)),
    tlv('HMCK', randomBytes(40)),
    tlv('WRAP', uint32(0)),
    tlv('SALT', salt),
    tlv('ITER', uint32(options.iterations)),
    tlv('DPWT', uint32(1)),
    tlv('DPIC', uint32(options.dpic)),
    tlv('DPSL', dpsl),
  ];
  const passcodeKey = await derivePasscodeKey(
    { uuid: null, type: 1, wrap: 0, salt, iterations: options.iterations, dpsl, dpic: options.dpic, dpwt: 1, classKeys: [] },
    options.password,
  );
  const classKeys = new Map<number, Buffer>();
  const blocks: Buffer[] = [];
  for (let protectionClass = 1; protectionClass <= 11; protectionClass++) {
    const key = randomBytes(32);
    classKeys.set(protectionClass, key);
    blocks.push(
      tlv('UUID', randomBytes(16)),
      tlv('CLAS', uint32(protectionClass)),
      tlv('WRAP', uint32(generatedWrapOf(protectionClass))),
      tlv('KTYP', uint32(0)),
      tlv('WPKY', aesKeyWrap(passcodeKey, key)),
    );
  }
  return { data: Buffer.concat([...header, ...blocks]), classKeys };
}

/** For fixture builders: 4-byte little-endian `protectionClass` + `key` wrapped under the class key `classKey`. */
export function wrapWithClass(protectionClass: number, classKey: Buffer, key: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(protectionClass, 0);
  return Buffer.concat([head, aesKeyWrap(classKey, key)]);
}
