// Notes tables: a `com.apple.notes.table` attachment keeps its cells in ZMERGEABLEDATA1, a gzip-compressed CRDT
// document (objects referring to each other by position, plus key, type and uuid lists). Rows and columns are ordered
// sets of uuids; `cellColumns` maps column -> row -> a cell whose text is a Note message like a body's.
import { ProtoMessage, ProtobufShapeError } from '../../kernel/protobuf.js';
import { NoteBodyError, inflate, readNote } from './body.js';

/** A decoded table: cell texts by row then column (empty string for an empty cell). */
export interface NoteTable {
  rows: string[][];
  rightToLeft: boolean;
}

const ENTRY = { register: 1, dictionary: 6, note: 10, map: 13, orderedSet: 16 } as const;
/** Largest table read (Notes itself keeps tables to a few hundred cells). */
export const MAX_TABLE_CELLS = 1_000_000;

/** The objects of a table document: parsed when looked at, never all held at once. */
class TableDocument {
  private readonly objects: Uint32Array;
  readonly keys: string[];
  readonly types: string[];
  readonly uuids: string[];

  constructor(private readonly data: ProtoMessage) {
    this.objects = data.positionsOf(3);
    this.keys = data.allBytes(4).map((bytes) => bytes.toString('utf8'));
    this.types = data.allBytes(5).map((bytes) => bytes.toString('utf8'));
    this.uuids = data.allBytes(6).map((bytes) => bytes.toString('hex'));
  }

  get size(): number {
    return this.objects.length;
  }

  /** The object at an index. */
  at(index: number): ProtoMessage | null {
    const position = this.objects[index];
    return position === undefined ? null : ProtoMessage.parse(this.data.bytesAt(position));
  }

  /** The entry an ObjectID points to (field 6: object index). */
  entry(objectId: ProtoMessage | null, what: string): ProtoMessage {
    const index = objectId?.uint(6);
    const found = index === null || index === undefined ? null : this.at(index);
    if (!found) throw new NoteBodyError(`table ${what} points to no object`);
    return found;
  }

  /** A custom map entry's type name and its values by key name. */
  map(entry: ProtoMessage): { type: string | null; values: Map<string, ProtoMessage> } | null {
    const map = entry.message(ENTRY.map);
    if (!map) return null;
    const values = new Map<string, ProtoMessage>();
    for (const item of map.messages(3)) {
      const key = this.keys[item.uint(1) ?? -1];
      const value = item.message(2);
      if (key !== undefined && value) values.set(key, value);
    }
    return { type: this.types[map.uint(1) ?? -1] ?? null, values };
  }

  /** The uuid (hex) a UUID object stands for: its `UUIDIndex` into the uuid list. */
  uuidOf(entry: ProtoMessage): string | null {
    const index = this.map(entry)?.values.get('UUIDIndex')?.uint(2);
    return index === null || index === undefined ? null : (this.uuids[index] ?? null);
  }

  /** Positions of an ordered set's uuids: the array's order, then each contents pair giving its value the key's place. */
  order(entry: ProtoMessage, what: string): Map<string, number> {
    const set = entry.message(ENTRY.orderedSet);
    if (!set) throw new NoteBodyError(`table ${what} is not an ordered set`);
    const ordering = set.required(1, `${what} ordering`);
    const positions = new Map<string, number>();
    ordering
      .required(1, `${what} array`)
      .messages(2)
      .forEach((attachment, index) => {
        const id = attachment.bytes(2)?.toString('hex');
        if (id) positions.set(id, attachment.uint(1) ?? index);
      });
    for (const element of ordering.message(2)?.messages(1) ?? []) {
      const key = this.uuidOf(this.entry(element.message(1), `${what} key`));
      const value = this.uuidOf(this.entry(element.message(2), `${what} value`));
      const position = key === null ? undefined : positions.get(key);
      if (value !== null && position !== undefined) positions.set(value, position);
    }
    // Positions as ranks 0..n-1: a stored index cannot make the table larger than the uuids it orders.
    const ranks = new Map([...new Set(positions.values())].sort((a, b) => a - b).map((position, rank) => [position, rank]));
    return new Map([...positions].map(([id, position]) => [id, ranks.get(position)!]));
  }

  /** Elements of a dictionary entry as [key entry, value entry]. */
  dictionary(entry: ProtoMessage, what: string): Array<[ProtoMessage, ProtoMessage]> {
    const dictionary = entry.message(ENTRY.dictionary);
    if (!dictionary) throw new NoteBodyError(`table ${what} is not a dictionary`);
    return dictionary.messages(1).map((element) => [this.entry(element.message(1), `${what} key`), this.entry(element.message(2), `${what} value`)]);
  }
}

/** The plain text of a cell's Note message (attachments inside a cell dropped). */
function cellText(entry: ProtoMessage): string {
  const note = entry.message(ENTRY.note);
  return note ? readNote(note).text.replace(/\uFFFC/g, '').trim() : '';
}

function readTable(doc: TableDocument): NoteTable {
  let root: ReturnType<TableDocument['map']> = null;
  for (let index = 0; index < doc.size && !root; index += 1) {
    const entry = doc.at(index);
    const map = entry ? doc.map(entry) : null;
    if (map?.type === 'com.apple.notes.ICTable') root = map;
  }
  if (!root) throw new NoteBodyError('no com.apple.notes.ICTable object in the table data');
  const target = (key: string): ProtoMessage => doc.entry(root.values.get(key) ?? null, key);
  const rowOrder = doc.order(target('crRows'), 'crRows');
  const columnOrder = doc.order(target('crColumns'), 'crColumns');
  // Positions are ranks 0..n-1, so the counts are the numbers of distinct positions.
  const rowCount = new Set(rowOrder.values()).size;
  const columnCount = new Set(columnOrder.values()).size;
  if (rowCount * columnCount > MAX_TABLE_CELLS) {
    throw new NoteBodyError(`table of ${rowCount} rows by ${columnCount} columns is beyond ${MAX_TABLE_CELLS} cells`);
  }
  const rows = Array.from({ length: rowCount }, () => Array.from({ length: columnCount }, () => ''));
  for (const [columnEntry, cells] of doc.dictionary(target('cellColumns'), 'cellColumns')) {
    const columnId = doc.uuidOf(columnEntry);
    const column = columnId === null ? undefined : columnOrder.get(columnId);
    if (column === undefined) continue;
    for (const [rowEntry, cell] of doc.dictionary(cells, 'column')) {
      const rowId = doc.uuidOf(rowEntry);
      const row = rowId === null ? undefined : rowOrder.get(rowId);
      if (row !== undefined && rows[row]) rows[row]![column] = cellText(cell);
    }
  }
  let rightToLeft = false;
  const direction = root.values.get('crTableColumnDirection');
  if (direction) {
    const register = doc.entry(direction, 'crTableColumnDirection').message(ENTRY.register);
    const value = register ? doc.map(doc.entry(register.message(2), 'direction value'))?.values.get('self')?.string(4) : null;
    rightToLeft = value === 'CRTableColumnDirectionRightToLeft';
  }
  return { rows, rightToLeft };
}

/** Decodes a table attachment's mergeable data (gzip or plain); a NoteBodyError says why it cannot. */
export function decodeTable(blob: Buffer): NoteTable {
  try {
    const root = ProtoMessage.parse(inflate(blob));
    if (!root) throw new NoteBodyError('table data is not protobuf');
    return readTable(new TableDocument(root.required(2, 'mergeable object').required(3, 'object data')));
  } catch (error) {
    if (error instanceof ProtobufShapeError) throw new NoteBodyError(`table data is not a table document: ${error.message}`);
    throw error;
  }
}

/** A table as plain text: one line per row, cells separated by tabs, empty rows left out. */
export function tableText(table: NoteTable): string {
  return table.rows
    .map((cells) => cells.join('\t').trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n');
}
