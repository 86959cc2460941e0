// The plugin walk-through (docs/writing-a-plugin.md) as code: its marked blocks, new files and edits of existing ones,
// laid over a copy of the project in a scratch folder and compiled there with the project's compiler and settings.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** A code block of the walk-through and the file it belongs to. */
export interface WalkthroughBlock {
  /** `file`: a whole new file; `edit`: a diff applied to a file the project already has. */
  kind: 'file' | 'edit';
  /** Path relative to the project root, as the marker names it. */
  path: string;
  code: string;
  /** 1-based line of the marker in the document. */
  line: number;
}

/** A problem in the walk-through document or in applying one of its blocks. */
export class WalkthroughError extends Error {
  readonly code = 'WALKTHROUGH_INVALID';
}

const MARKER = /^<!--\s*(file|edit):\s*(\S+)\s*-->\s*$/;
const FENCE = /^```(\S*)\s*$/;
const LANGUAGE: Readonly<Record<WalkthroughBlock['kind'], string>> = { file: 'ts', edit: 'diff' };

/**
 * The marked blocks of a walk-through, in document order. A marker `<!-- file: PATH -->` is followed by a ```ts
 * block and `<!-- edit: PATH -->` by a ```diff block; a ```ts block without a marker is refused (it would go unchecked).
 */
export function walkthroughBlocks(markdown: string): WalkthroughBlock[] {
  const lines = markdown.split('\n');
  const blocks: WalkthroughBlock[] = [];
  let pending: { kind: WalkthroughBlock['kind']; path: string; line: number } | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const marker = MARKER.exec(line);
    if (marker) {
      if (pending) throw new WalkthroughError(`line ${pending.line}: marker for ${pending.path} is not followed by a code block`);
      pending = { kind: marker[1] as WalkthroughBlock['kind'], path: marker[2]!, line: index + 1 };
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (pending && line.trim() !== '') throw new WalkthroughError(`line ${pending.line}: marker for ${pending.path} is not followed by a code block`);
      continue;
    }
    const language = fence[1]!;
    const end = lines.findIndex((candidate, at) => at > index && /^```\s*$/.test(candidate));
    if (end < 0) throw new WalkthroughError(`line ${index + 1}: code block is never closed`);
    if (pending) {
      if (language !== LANGUAGE[pending.kind]) {
        throw new WalkthroughError(`line ${pending.line}: a ${pending.kind} marker takes a \`\`\`${LANGUAGE[pending.kind]} block, not \`\`\`${language}`);
      }
      blocks.push({ ...pending, code: `${lines.slice(index + 1, end).join('\n')}\n` });
      pending = null;
    } else if (language === 'ts') {
      throw new WalkthroughError(`line ${index + 1}: a \`\`\`ts block without a <!-- file: ... --> marker would go unchecked`);
    }
    index = end;
  }
  if (pending) throw new WalkthroughError(`line ${pending.line}: marker for ${pending.path} is not followed by a code block`);
  return blocks;
}

/** One line of a diff hunk: kept context, an added or removed line, or `...` (any number of lines). */
type HunkLine = { op: 'context' | 'add' | 'remove'; text: string } | { op: 'gap' };

function hunksOf(diff: string): HunkLine[][] {
  const hunks: HunkLine[][] = [[]];
  for (const raw of diff.replace(/\n$/, '').split('\n')) {
    if (raw.startsWith('@@')) {
      hunks.push([]);
      continue;
    }
    const sign = raw.charAt(0);
    const text = raw.slice(1);
    const hunk = hunks[hunks.length - 1]!;
    if (text.trim() === '...' && sign !== '+' && sign !== '-') hunk.push({ op: 'gap' });
    else if (sign === '+') hunk.push({ op: 'add', text });
    else if (sign === '-') hunk.push({ op: 'remove', text });
    else if (sign === ' ' || raw === '') hunk.push({ op: 'context', text });
    else throw new WalkthroughError(`diff line "${raw}" starts with neither " ", "+" nor "-"`);
  }
  return hunks.filter((hunk) => hunk.length > 0);
}

const same = (a: string, b: string): boolean => a.trim() === b.trim();

/** Where one hunk applies when its first kept or removed line is at `start`: the lines to insert and remove, or null. */
function matchHunk(lines: readonly string[], hunk: readonly HunkLine[], start: number) {
  const inserts: Array<{ at: number; text: string[] }> = [];
  const removes: number[] = [];
  let pending: string[] = [];
  let at = start;
  let gap = false;
  let anchored = false;
  for (const step of hunk) {
    if (step.op === 'gap') {
      gap = true;
      continue;
    }
    if (step.op === 'add') {
      pending.push(step.text);
      continue;
    }
    let found = at;
    if (!anchored) found = start;
    else if (gap) while (found < lines.length && !same(lines[found]!, step.text)) found += 1;
    if (found >= lines.length || !same(lines[found]!, step.text)) return null;
    if (pending.length > 0) inserts.push({ at: found, text: pending });
    pending = [];
    if (step.op === 'remove') removes.push(found);
    at = found + 1;
    gap = false;
    anchored = true;
  }
  if (!anchored || (gap && pending.length > 0)) return null;
  if (pending.length > 0) inserts.push({ at, text: pending });
  return { inserts, removes };
}

/**
 * Applies a diff block to a file's text. Context (` `) and removed (`-`) lines are matched ignoring indentation, a
 * `...` line stands for any lines, `@@` starts another hunk; each hunk must apply at exactly one place.
 */
export function applyEdit(original: string, diff: string): string {
  let lines = original.split('\n');
  for (const hunk of hunksOf(diff)) {
    const first = hunk.find((step): step is Extract<HunkLine, { text: string }> => step.op === 'context' || step.op === 'remove');
    if (!first || hunk[0]!.op === 'gap') throw new WalkthroughError('a diff hunk must start from a line of the file');
    const matches = lines
      .map((_, start) => (same(lines[start]!, first.text) ? matchHunk(lines, hunk, start) : null))
      .filter((match) => match !== null);
    if (matches.length !== 1) {
      const shown = hunk.filter((step) => step.op !== 'gap').map((step) => ('text' in step ? step.text.trim() : '')).join(' / ');
      throw new WalkthroughError(`${matches.length === 0 ? 'no place in the file matches' : `${matches.length} places in the file match`} the hunk: ${shown}`);
    }
    const { inserts, removes } = matches[0]!;
    const next: string[] = [];
    for (let index = 0; index <= lines.length; index += 1) {
      for (const insert of inserts) if (insert.at === index) next.push(...insert.text);
      if (index < lines.length && !removes.includes(index)) next.push(lines[index]!);
    }
    lines = next;
  }
  return lines.join('\n');
}

/** A scratch copy of the project with the walk-through applied. */
export interface WalkthroughBuild {
  /** The scratch project folder (tsconfig.json, src/, plugins.config.ts, and dist/ once compiled). */
  root: string;
  blocks: WalkthroughBlock[];
  /** The compiled JavaScript of a project file (`src/plugins/x/plugin.ts` gives `<root>/dist/src/plugins/x/plugin.js`). */
  compiled(path: string): string;
  /** Runs the project's TypeScript compiler on the copy; returns its exit code and what it printed. */
  compile(): { status: number | null; output: string };
  remove(): void;
}

/** The folder, under the project root and outside src/, where walk-through builds are made (git-ignored). */
export const BUILD_FOLDER = '.walkthrough-build';

/**
 * Copies the project's src/ (without src/docs) and plugins.config.ts to a new folder under {@link BUILD_FOLDER},
 * writes the walk-through's new files and applies its edits. A `file` block may not replace a file the project has,
 * and an `edit` block needs one. `entryPoints` are compiled besides the walk-through's own files (what a test imports).
 */
export function prepareWalkthroughBuild(projectRoot: string, markdown: string, entryPoints: readonly string[]): WalkthroughBuild {
  const blocks = walkthroughBlocks(markdown);
  const parent = join(projectRoot, BUILD_FOLDER);
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'run-'));
  try {
    const docs = join(projectRoot, 'src', 'docs');
    cpSync(join(projectRoot, 'src'), join(root, 'src'), { recursive: true, filter: (path) => path !== docs && !path.startsWith(docs + sep) });
    cpSync(join(projectRoot, 'plugins.config.ts'), join(root, 'plugins.config.ts'));
    for (const block of blocks) {
      const target = join(root, block.path);
      if (relative(root, target).startsWith('..')) throw new WalkthroughError(`line ${block.line}: ${block.path} is outside the project`);
      const exists = existsSync(target);
      if (block.kind === 'file' && exists) throw new WalkthroughError(`line ${block.line}: ${block.path} already exists in the project`);
      if (block.kind === 'edit' && !exists) throw new WalkthroughError(`line ${block.line}: ${block.path} does not exist in the project`);
      mkdirSync(dirname(target), { recursive: true });
      try {
        writeFileSync(target, block.kind === 'file' ? block.code : applyEdit(readFileSync(target, 'utf8'), block.code));
      } catch (error) {
        if (error instanceof WalkthroughError) throw new WalkthroughError(`line ${block.line}: ${block.path}: ${error.message}`);
        throw error;
      }
    }
    const files = [...new Set([...blocks.map((block) => block.path), ...entryPoints])].filter((path) => path.endsWith('.ts'));
    const tsconfig = {
      extends: relative(root, join(projectRoot, 'tsconfig.json')).split(sep).join('/'),
      compilerOptions: { rootDir: '.', outDir: 'dist', sourceMap: false, noEmitOnError: true },
      files,
      include: [],
    };
    writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    blocks,
    compiled: (path) => join(root, 'dist', path.replace(/\.ts$/, '.js')),
    compile: () => {
      const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
      return { status: run.status, output: `${run.stdout}${run.stderr}` };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
