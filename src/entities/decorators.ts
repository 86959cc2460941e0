// MikroORM's entity decorators, applied when the ORM is about to be used rather than when an entity module loads.
// Loading @mikro-orm/core costs 150-200 ms; commands that only need the plugins' declarations (`plugins`, `--help`)
// must not pay it. Each decorator call is recorded and replayed, in order, on the real decorator by
// applyEntityDecorators(), which ormOptions() calls before MikroORM reads any metadata. An entity module loaded after
// that is decorated at once. Types are MikroORM's own.
import { createRequire } from 'node:module';
import type * as Core from '@mikro-orm/core';

type DecoratorFactory = (...options: unknown[]) => (...target: unknown[]) => unknown;

const pending: Array<() => void> = [];
let core: Record<string, DecoratorFactory> | null = null;

function deferred<T>(name: 'Entity' | 'Property' | 'PrimaryKey' | 'ManyToOne' | 'Index' | 'Enum'): T {
  // Every argument is passed on: `@ManyToOne(() => Backup, { nullable: true, ... })` takes two.
  const factory = (...options: unknown[]) => (...target: unknown[]) => {
    const apply = () => {
      core![name]!(...options)(...target);
    };
    if (core) apply();
    else pending.push(apply);
  };
  return factory as T;
}

export const Entity = deferred<typeof Core.Entity>('Entity');
export const Property = deferred<typeof Core.Property>('Property');
export const PrimaryKey = deferred<typeof Core.PrimaryKey>('PrimaryKey');
export const ManyToOne = deferred<typeof Core.ManyToOne>('ManyToOne');
export const Index = deferred<typeof Core.Index>('Index');
export const Enum = deferred<typeof Core.Enum>('Enum');

/** Applies every recorded decorator to MikroORM's metadata (idempotent; later entity modules apply at once). */
export function applyEntityDecorators(): void {
  core ??= createRequire(import.meta.url)('@mikro-orm/core') as Record<string, DecoratorFactory>;
  for (const apply of pending.splice(0)) apply();
}
