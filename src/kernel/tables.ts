// Table names of entity classes, read from their @Entity decorator (every entity names its table explicitly).
// Lets the kernel and the test harness route rows without an initialized ORM.
import { MetadataStorage } from '@mikro-orm/core';
import { applyEntityDecorators } from '../entities/decorators.js';
import { RegistryError } from './errors.js';
import type { EntityClass } from './plugin.js';

/** The table an entity class is stored in; throws when the entity does not declare `tableName`. */
export function tableNameOf(entity: EntityClass): string {
  applyEntityDecorators();
  const meta = MetadataStorage.getMetadataFromDecorator(entity as never) as { tableName?: string; className?: string };
  if (!meta.tableName) {
    throw new RegistryError(`entity ${entity.name} must declare its table name in @Entity({ tableName })`);
  }
  return meta.tableName;
}

/** Table names of a plugin's entities, in declaration order (parents first). */
export function tablesOf(entities: readonly EntityClass[]): string[] {
  return entities.map(tableNameOf);
}
