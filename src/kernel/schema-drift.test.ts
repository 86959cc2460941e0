// The committed migrations and the entities describe the same schema: after migrating a fresh database, MikroORM
// finds nothing to change. Catches an entity option lost on the way to MikroORM (a nullable link read as NOT NULL,
// a dropped index) as much as a migration forgotten for a new column.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MikroORM } from '@mikro-orm/postgresql';
import { configurePlugins } from '../../plugins.config.js';
import { createApp } from './app.js';
import { openOrm } from './orm.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';

describe('schema', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  before(async () => {
    db = await createTestDatabase('drift');
    orm = await openOrm(db.url, createApp(configurePlugins, { env: {} }).plugins);
  });
  after(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('the migrations create exactly what the entities of every registered plugin declare', async () => {
    const drift = (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).split('\n').filter((line) => line.trim() !== '');
    assert.deepEqual(drift, []);
  });
});
