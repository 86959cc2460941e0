// Password-protected notes: the body is AES-128-GCM encrypted with a per-note key, itself wrapped (RFC 3394) with a
// key derived from the note password by PBKDF2-HMAC-SHA256 over the note's salt and iteration count. Notes locked
// with the device passcode instead (macOS 14 / iOS 17 on) keep their key in the keychain: not decryptable here.
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';

/** The encryption parameters of a locked note, as stored. */
export interface LockedBody {
  salt: Buffer | null;
  iterations: number | null;
  wrappedKey: Buffer | null;
  iv: Buffer | null;
  tag: Buffer | null;
  data: Buffer;
}

/** Why a locked body stayed locked. */
export type LockedReason = 'no-password' | 'wrong-password' | 'device-passcode' | 'incomplete' | 'corrupt' | 'out-of-time';

/** The outcome of unlocking: the decrypted body (still gzip), or why not. */
export type UnlockResult = { body: Buffer; reason: null } | { body: null; reason: LockedReason };

const RFC3394_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
/** A wrapped 128-bit key is 24 bytes; ZCRYPTOITERATIONCOUNT is 20,000 in real stores. */
const WRAPPED_KEY_BYTES = 24;
/** More iterations than this is not a real store's: refused rather than spending seconds per try. */
const MAX_ITERATIONS = 1_000_000;
/** Derived keys kept (notes of one account share its salt, so a few suffice). */
const CACHED_KEYS = 64;
/** Key derivation time one source may spend; past it, the remaining locked notes stay locked. */
export const UNLOCK_BUDGET_MS = 10 * 60 * 1000;

function unwrap(kek: Buffer, wrapped: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('id-aes128-wrap', kek, RFC3394_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Tries the passwords given to the job on each locked note. Derived keys are cached per salt, iteration count and
 * password (a PBKDF2 run costs milliseconds), and the password that opened the last note is tried first.
 */
export class NoteUnlocker {
  private readonly passwords: string[];
  private readonly derived = new Map<string, Buffer>();
  private spentMs = 0;

  constructor(passwords: readonly unknown[]) {
    this.passwords = [...new Set(passwords.filter((password): password is string => typeof password === 'string' && password !== ''))];
  }

  get hasPasswords(): boolean {
    return this.passwords.length > 0;
  }

  unlock(locked: LockedBody): UnlockResult {
    const { salt, iterations, wrappedKey, iv, tag, data } = locked;
    if (iterations === 0) return { body: null, reason: 'device-passcode' };
    if (!salt || !wrappedKey || wrappedKey.length !== WRAPPED_KEY_BYTES || !iv || !tag || iterations === null || iterations < 1 || iterations > MAX_ITERATIONS) {
      return { body: null, reason: 'incomplete' };
    }
    if (!this.hasPasswords) return { body: null, reason: 'no-password' };
    for (const [index, password] of this.passwords.entries()) {
      const kek = this.kek(password, salt, iterations);
      if (!kek) return { body: null, reason: 'out-of-time' };
      const noteKey = unwrap(kek, wrappedKey);
      if (!noteKey) continue;
      if (index > 0) this.passwords.unshift(...this.passwords.splice(index, 1));
      try {
        const decipher = createDecipheriv('aes-128-gcm', noteKey, iv);
        decipher.setAuthTag(tag);
        return { body: Buffer.concat([decipher.update(data), decipher.final()]), reason: null };
      } catch {
        // The key unwrapped (the password is right) but the body fails its tag: damaged data.
        return { body: null, reason: 'corrupt' };
      }
    }
    return { body: null, reason: 'wrong-password' };
  }

  /** The key-encryption key, from the cache or derived; null once the derivation budget is spent. */
  private kek(password: string, salt: Buffer, iterations: number): Buffer | null {
    const key = `${salt.toString('hex')}:${iterations}:${password}`;
    const cached = this.derived.get(key);
    if (cached) return cached;
    if (this.spentMs > UNLOCK_BUDGET_MS) return null;
    const started = performance.now();
    const kek = pbkdf2Sync(password, salt, iterations, 16, 'sha256');
    this.spentMs += performance.now() - started;
    if (this.derived.size >= CACHED_KEYS) this.derived.delete(this.derived.keys().next().value!);
    this.derived.set(key, kek);
    return kek;
  }
}
