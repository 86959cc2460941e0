// `ios-backup demo`: placeholder replaced by the demo builder.
import { InputError } from '../../kernel/errors.js';
import type { Values } from '../usage.js';

export async function run(_positionals: string[], _values: Values): Promise<number> {
  throw new InputError('demo is not built yet');
}
