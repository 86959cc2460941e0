// Benchmark of encrypted-backup decryption in one process: the passcode key derivation at real rounds, decryptFileTo
// over a folder of encrypted files, Node's plain AES-256-CBC on the same bytes (in memory, and streamed file to file)
// and the bare I/O floor; medians of 3 interleaved.
// Run: npx tsc -p tsconfig.json && node dist/bench/decrypt.js [MiB] [--dpic N] [--iterations N] [--tmp DIR]
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptFileTo, derivePasscodeKey, makeKeybag, parseKeybag } from '../src/backup/crypto.js';

const MiB = 1024 * 1024;
const ZERO_IV = Buffer.alloc(16);
const RUNS = 3;
const TARGET_RATIO = 1.5;

/** What the command line asks for. */
interface BenchOptions {
  totalMiB: number;
  dpic: number;
  iterations: number;
  /** Where the temporary folder goes (default the OS temp folder; /dev/shm takes the disk out of the figures). */
  tmp: string;
}

/** One encrypted file of the workload. */
interface EncryptedFile {
  path: string;
  key: Buffer;
  plainBytes: number;
}

function optionsOf(argv: string[]): BenchOptions {
  const options: BenchOptions = { totalMiB: 100, dpic: 10_000_000, iterations: 10_000, tmp: tmpdir() };
  for (let i = 0; i < argv.length; i++) {
    const value = (): number => {
      const parsed = Number(argv[++i]);
      if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${argv[i - 1]} needs a positive integer`);
      return parsed;
    };
    if (argv[i] === '--dpic') options.dpic = value();
    else if (argv[i] === '--iterations') options.iterations = value();
    else if (argv[i] === '--tmp' && argv[i + 1] !== undefined) options.tmp = argv[++i];
    else if (/^\d+$/.test(argv[i])) options.totalMiB = Number(argv[i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: decrypt.js [MiB] [--dpic N] [--iterations N] [--tmp DIR])`);
  }
  return options;
}

/** Sizes of the workload: a fifth in one large file, the rest in 1 MiB files (100 MiB: 80 × 1 MiB + 20 MiB). */
function fileSizesOf(totalMiB: number): number[] {
  const large = Math.max(1, Math.round(totalMiB / 5));
  return [...Array.from({ length: Math.max(0, totalMiB - large) }, () => MiB), large * MiB];
}

function writeWorkload(folder: string, sizes: number[]): EncryptedFile[] {
  return sizes.map((plainBytes, index) => {
    const key = randomBytes(32);
    const cipher = createCipheriv('aes-256-cbc', key, ZERO_IV);
    const path = join(folder, `file-${index}.enc`);
    writeFileSync(path, Buffer.concat([cipher.update(randomBytes(plainBytes)), cipher.final()]));
    return { path, key, plainBytes };
  });
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function timeDerivation(data: Buffer, password: string): Promise<number> {
  const keybag = parseKeybag(data);
  const start = process.hrtime.bigint();
  await derivePasscodeKey(keybag, password);
  return secondsSince(start);
}

async function timeDecryptFileTo(files: EncryptedFile[], outFolder: string): Promise<number> {
  let seconds = 0;
  for (const [index, file] of files.entries()) {
    const start = process.hrtime.bigint();
    const result = await decryptFileTo(file.path, join(outFolder, `file-${index}`), file.key, `bench file ${index}`);
    seconds += secondsSince(start);
    if (result.size !== file.plainBytes) throw new Error(`bench file ${index}: decrypted ${result.size} bytes`);
  }
  return seconds;
}

/** The I/O floor: the same files read and written (new files, mode 0600, 4 MiB at a time) with no cryptography at all. */
async function timeCopyFloor(files: EncryptedFile[], outFolder: string): Promise<number> {
  const buffer = Buffer.allocUnsafe(4 * MiB);
  const start = process.hrtime.bigint();
  for (const [index, file] of files.entries()) {
    const source = await open(file.path, 'r');
    const target = await open(join(outFolder, `copy-${index}`), 'w', 0o600);
    const { size } = await source.stat();
    for (let at = 0; at < size; ) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, size - at), at);
      await target.write(buffer, 0, bytesRead);
      at += bytesRead;
    }
    await target.close();
    await source.close();
  }
  return secondsSince(start);
}

/** Node's plain AES-256-CBC streamed file to file (read stream, decipher, write stream): the cipher with the same I/O. */
async function timePlainStreamed(files: EncryptedFile[], outFolder: string): Promise<number> {
  const start = process.hrtime.bigint();
  for (const [index, file] of files.entries()) {
    await pipeline(
      createReadStream(file.path, { highWaterMark: MiB }),
      createDecipheriv('aes-256-cbc', file.key, ZERO_IV),
      createWriteStream(join(outFolder, `plain-${index}`), { mode: 0o600 }),
    );
  }
  return secondsSince(start);
}

/** Node's decipher on each file's bytes already in memory; `chunk` 0 means one update for the whole file. */
function timePlainDecipher(files: EncryptedFile[], chunk: number): number {
  let seconds = 0;
  for (const file of files) {
    const ciphertext = readFileSync(file.path);
    const start = process.hrtime.bigint();
    const decipher = createDecipheriv('aes-256-cbc', file.key, ZERO_IV);
    let plainBytes = 0;
    if (chunk === 0) plainBytes += decipher.update(ciphertext).length;
    else for (let at = 0; at < ciphertext.length; at += chunk) plainBytes += decipher.update(ciphertext.subarray(at, at + chunk)).length;
    plainBytes += decipher.final().length;
    seconds += secondsSince(start);
    if (plainBytes !== file.plainBytes) throw new Error('plain decipher gave the wrong size');
  }
  return seconds;
}

function runsText(values: number[], digits: number): string {
  return values.map((value) => value.toFixed(digits)).join(', ');
}

async function main(): Promise<void> {
  const options = optionsOf(process.argv.slice(2));
  const folder = mkdtempSync(join(options.tmp, 'bench-decrypt-'));
  try {
    const password = 'bench password';
    const { data } = await makeKeybag({ password, iterations: options.iterations, dpic: options.dpic });
    const files = writeWorkload(folder, fileSizesOf(options.totalMiB));
    const outFolder = mkdtempSync(join(folder, 'out-'));
    const totalMiB = files.reduce((sum, file) => sum + file.plainBytes, 0) / MiB;
    const rssAfterSetup = peakRssMiB();

    const derivation: number[] = [];
    const ours: number[] = [];
    const plainWhole: number[] = [];
    const plainChunked: number[] = [];
    const copyFloor: number[] = [];
    const plainStreamed: number[] = [];
    let rssAfterOurs = 0;
    for (let run = 0; run < RUNS; run++) {
      derivation.push(await timeDerivation(data, password));
      ours.push(totalMiB / (await timeDecryptFileTo(files, outFolder)));
      if (run === 0) rssAfterOurs = peakRssMiB();
      plainWhole.push(totalMiB / timePlainDecipher(files, 0));
      plainChunked.push(totalMiB / timePlainDecipher(files, 4 * MiB));
      copyFloor.push(totalMiB / (await timeCopyFloor(files, outFolder)));
      plainStreamed.push(totalMiB / (await timePlainStreamed(files, outFolder)));
    }

    const oursMedian = median(ours);
    const ratio = median(plainWhole) / oursMedian;
    const chunkedRatio = median(plainChunked) / oursMedian;
    const floorRatio = median(copyFloor) / oursMedian;
    const streamedRatio = median(plainStreamed) / oursMedian;
    console.log(`workload in ${folder}`);
    console.log(`key derivation (DPIC ${options.dpic} + ITER ${options.iterations}): median ${median(derivation).toFixed(2)} s (runs ${runsText(derivation, 2)})`);
    console.log(`decryptFileTo, ${totalMiB} MiB in ${files.length} files (read, decrypt, unpad, sha256, write 0600): median ${oursMedian.toFixed(0)} MiB/s (runs ${runsText(ours, 0)})`);
    console.log(`plain createDecipheriv in memory, one update per file: median ${median(plainWhole).toFixed(0)} MiB/s (runs ${runsText(plainWhole, 0)})`);
    console.log(`plain createDecipheriv in memory, 4 MiB updates: median ${median(plainChunked).toFixed(0)} MiB/s (runs ${runsText(plainChunked, 0)})`);
    console.log(`plain AES-256-CBC streamed file to file (createReadStream | createDecipheriv | createWriteStream): median ${median(plainStreamed).toFixed(0)} MiB/s (runs ${runsText(plainStreamed, 0)})`);
    console.log(`I/O floor, the same reads and writes without cryptography: median ${median(copyFloor).toFixed(0)} MiB/s (runs ${runsText(copyFloor, 0)})`);
    console.log(`ratio plain streamed file to file / ours: ${streamedRatio.toFixed(2)} (target <= ${TARGET_RATIO}: ${streamedRatio <= TARGET_RATIO ? 'met' : 'NOT met'})`);
    console.log(`ratio plain in memory / ours: ${ratio.toFixed(2)} (the cipher alone; ours also reads and writes files, see the I/O floor); against 4 MiB updates: ${chunkedRatio.toFixed(2)}; I/O floor/ours: ${floorRatio.toFixed(2)}`);
    console.log(`peak RSS: ${peakRssMiB().toFixed(0)} MiB (after setup ${rssAfterSetup.toFixed(0)} MiB, after the first decryptFileTo pass ${rssAfterOurs.toFixed(0)} MiB)`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
