// Core Data mechanics: value conversions, Z_PRIMARYKEY entities with their sub-entities, and join tables found by
// entity number whatever they are called.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CoreDataEntities, findJoinTables, flag, integer, name, positive, text, uuid } from './coredata.js';
import { inspectSchema } from './schema.js';

function store(sql: string): Database.Database {
  const db = new Database(':memory:');
  db.exec(sql);
  return db;
}

describe('Core Data values', () => {
  it('converts raw SQLite values, with null for absent or blank', () => {
    assert.equal(text(Buffer.from('café')), 'café');
    assert.equal(text(''), null);
    assert.equal(name('  Ana '), 'Ana');
    assert.equal(name('   '), null);
    assert.equal(integer(3.9), 3);
    assert.equal(integer('x'), null);
    assert.equal(positive(0), null);
    assert.equal(flag(0), false);
    assert.equal(flag(null), null);
  });

  it('writes a 16-byte BLOB uuid in the dashed upper-case form and keeps a text uuid', () => {
    assert.equal(uuid(Buffer.from('a6b56d7f65fd4b3786633bc1b952e355', 'hex')), 'A6B56D7F-65FD-4B37-8663-3BC1B952E355');
    assert.equal(uuid('5E1C07A2-3A1B-4F0E-9C7D-0A1B2C3D4E5F'), '5E1C07A2-3A1B-4F0E-9C7D-0A1B2C3D4E5F');
    assert.equal(uuid(Buffer.alloc(0)), null);
    assert.equal(uuid(Buffer.from('abcd', 'hex')), 'ABCD');
  });
});

describe('Core Data entities and join tables', () => {
  const model = `
    CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
    INSERT INTO Z_PRIMARYKEY VALUES (3, 'Asset', 0, 10), (29, 'GenericAlbum', 0, 5), (30, 'Album', 29, 0), (31, 'CloudSharedAlbum', 30, 0), (38, 'Folder', 29, 0);
    CREATE TABLE Z_30ASSETS (Z_30ALBUMS INTEGER, Z_3ASSETS INTEGER, Z_FOK_3ASSETS INTEGER);
    CREATE TABLE Z_29KEYASSETS (Z_29ALBUMSBEINGKEYASSETS INTEGER, Z_3KEYASSETS INTEGER);
    CREATE TABLE Z_3MEMORIESBEINGCURATEDASSETS (Z_3CURATEDASSETS INTEGER, Z_42MEMORIESBEINGCURATEDASSETS INTEGER);
    CREATE TABLE Z_99ASSETS (Z_99ALBUMS INTEGER, Z_3ASSETS INTEGER);`;

  it('reads entity numbers and every sub-entity of a family', () => {
    const db = store(model);
    const entities = CoreDataEntities.read(db, inspectSchema(db));
    assert.equal(entities.known, true);
    assert.equal(entities.numberOf('Album'), 30);
    assert.deepEqual(entities.family('GenericAlbum'), [29, 30, 31, 38]);
    assert.deepEqual(entities.family('Album'), [30, 31]);
    assert.deepEqual(entities.family('Missing'), []);
    db.close();
  });

  it('finds the membership table by entity numbers, not by its name, and ignores other album-asset relationships', () => {
    const db = store(model);
    const schema = inspectSchema(db);
    const entities = CoreDataEntities.read(db, schema);
    const found = findJoinTables(schema, { owners: entities.family('GenericAlbum'), ownerRelation: 'ALBUMS', members: entities.family('Asset'), memberRelation: 'ASSETS' });
    // Z_99ASSETS names entity 99, which this store does not have; the key-asset table is another relationship.
    assert.deepEqual(found, [{ table: 'Z_30ASSETS', ownerColumn: 'Z_30ALBUMS', memberColumn: 'Z_3ASSETS' }]);
    db.close();
  });

  it('knows no entities when Z_PRIMARYKEY is absent', () => {
    const db = store('CREATE TABLE ZASSET (Z_PK INTEGER PRIMARY KEY)');
    const entities = CoreDataEntities.read(db, inspectSchema(db));
    assert.equal(entities.known, false);
    assert.deepEqual(entities.family('Asset'), []);
    db.close();
  });
});
