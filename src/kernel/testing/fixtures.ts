// Locating the shared fixtures and the project root from compiled tests, wherever they run from.
// Fixtures are read-only evidence: tests copy or hash them, never write next to them.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json above this file. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('project root not found');
    dir = parent;
  }
  return dir;
}

/** Absolute path of a file under ../shared/fixtures/. */
export function fixturePath(relative: string): string {
  return resolve(projectRoot(), '..', 'shared', 'fixtures', relative);
}
