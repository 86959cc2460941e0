// A test-only plugin with its own table: writes a given number of rows, or fails in a chosen way,
// so job tests can show what happens to one plugin's rows when another plugin fails.
import { Entity, Property } from '@mikro-orm/core';
import { DomainRow } from '../../entities/DomainRow.js';
import { definePlugin, type PluginDeclaration } from '../plugin.js';
import { UnsupportedSchemaError } from '../errors.js';

/** A row of the probe table. */
@Entity({ tableName: 'test_probe' })
export class TestProbe extends DomainRow {
  @Property({ type: 'text', nullable: true })
  label?: string | null;
}

/** DDL of the probe table (it has no migration: it exists only in test databases). */
export const TEST_PROBE_DDL = `CREATE TABLE IF NOT EXISTS test_probe (
  id uuid PRIMARY KEY, backup_id text NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES artifact_source(id) ON DELETE CASCADE, source_rowid bigint, label text)`;

/**
 * How the probe behaves: write the rows of its source's `probe` table; throw a data error or a bug; or write a value
 * PostgreSQL refuses (an id that is no UUID) after its rows, so the refusal comes back from COPY, or its first row
 * twice (as a source repeating the key its rows are identified by); or throw a bug or a data error halfway through
 * reading its rows with `ctx.rows`, the statement still iterating.
 */
export type ProbeMode = 'rows' | 'data-error' | 'bug' | 'refused-value' | 'duplicate-id' | 'bug-while-reading' | 'data-error-while-reading';

/** A probe plugin under the given id; reads `SELECT rowid, label FROM probe` from its source. */
export function probePlugin(id: string, mode: ProbeMode): PluginDeclaration {
  return definePlugin({
    id,
    title: `Test probe (${mode})`,
    source: { fileNames: ['probe.sqlite'], locations: [{ domain: 'TestDomain', relativePath: `${id}.sqlite` }] },
    entities: [TestProbe],
    search: {
      test_probe: (row) => ({ type: 'probe', title: row.label as string, body: `probe row ${String(row.source_rowid)}`, occurredAt: null, participants: [] }),
    },
    parse: async (ctx) => {
      if (mode === 'data-error') throw new UnsupportedSchemaError('probe refuses this source');
      if (mode === 'bug') throw new TypeError('probe bug: cannot read properties of undefined');
      if (mode === 'bug-while-reading' || mode === 'data-error-while-reading') {
        // A cursor advanced by hand, as a merge-join's child cursor is: a throw below leaves it mid-statement (a
        // for-of would end its own statement on the way out; this one stays open until the kernel ends it).
        const children = ctx.rows<{ rowid: number }>('SELECT rowid FROM probe ORDER BY rowid');
        children.next();
        for (const row of ctx.rows<{ rowid: number; label: string }>('SELECT rowid, label FROM probe ORDER BY rowid')) {
          await ctx.table('test_probe').write({ id: ctx.id('test_probe', row.rowid), source_rowid: row.rowid, label: row.label });
          if (row.rowid < 2) continue;
          if (mode === 'bug-while-reading') throw new RangeError('probe bug while reading row 2');
          throw new UnsupportedSchemaError('probe found a row it cannot read (row 2)');
        }
      }
      for (const row of ctx.db.prepare('SELECT rowid, label FROM probe ORDER BY rowid').iterate() as Iterable<{ rowid: number; label: string }>) {
        await ctx.table('test_probe').write({ id: ctx.id('test_probe', row.rowid), source_rowid: row.rowid, label: row.label });
      }
      if (mode === 'refused-value') await ctx.table('test_probe').write({ id: 'not-a-uuid', source_rowid: 0, label: 'refused' });
      if (mode === 'duplicate-id') await ctx.table('test_probe').write({ id: ctx.id('test_probe', 1), source_rowid: 1, label: 'again' });
    },
  });
}
