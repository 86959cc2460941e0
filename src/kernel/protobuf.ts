// Schema-less protobuf wire format: reading a message's fields (ChatStorage metadata, Notes bodies and tables) and,
// for fixture builders, writing them. Nothing here knows a message type; callers name their field numbers.

/** One field of a protobuf message. */
export interface ProtobufField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wire: number;
  /** Varints as bigint (exact up to 2^53); fixed and length-delimited values as the raw bytes. */
  value: bigint | Buffer;
}

/** The top-level fields of a protobuf message, or null when the bytes are not a well-formed message. */
export function readProtobuf(bytes: Buffer): ProtobufField[] | null {
  return ProtoMessage.parse(bytes)?.fields ?? null;
}

/** Raised by {@link ProtoMessage} when a field the caller requires is absent or not a well-formed message. */
export class ProtobufShapeError extends Error {}

/** Reads one varint as a number (exact up to 2^53) at `start`; -1 as `next` when malformed or truncated. */
function varintAt(bytes: Buffer, start: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let offset = start; offset < bytes.length && offset - start < 10; offset += 1) {
    const byte = bytes[offset]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: offset + 1 };
    scale *= 128;
  }
  return { value: 0, next: -1 };
}

/**
 * A parsed message with typed accessors by field number. Its fields are indexed in typed arrays (about 20 bytes a
 * field, whatever their number), and nested messages are parsed only when asked for, so a hostile message of
 * millions of tiny fields costs megabytes, not gigabytes. A nested value that is not a well-formed message throws
 * {@link ProtobufShapeError}.
 */
export class ProtoMessage {
  private constructor(
    private readonly source: Buffer,
    private readonly count: number,
    private readonly numbers: Uint32Array,
    private readonly wires: Uint8Array,
    /** Varint value, or the start of a length-delimited value. */
    private readonly values: Float64Array,
    /** End of a length-delimited value. */
    private readonly ends: Uint32Array,
  ) {}

  /** The message in `bytes`, or null when they are not well-formed protobuf. */
  static parse(bytes: Buffer): ProtoMessage | null {
    let capacity = 4;
    let numbers = new Uint32Array(capacity);
    let wires = new Uint8Array(capacity);
    let values = new Float64Array(capacity);
    let ends = new Uint32Array(capacity);
    let count = 0;
    let offset = 0;
    while (offset < bytes.length) {
      const tag = varintAt(bytes, offset);
      if (tag.next < 0) return null;
      const field = Math.floor(tag.value / 8);
      const wire = tag.value % 8;
      if (field < 1 || field > 536_870_911) return null;
      offset = tag.next;
      let value: number;
      let end = 0;
      if (wire === 0) {
        const varint = varintAt(bytes, offset);
        if (varint.next < 0) return null;
        value = varint.value;
        offset = varint.next;
      } else if (wire === 1 || wire === 5) {
        const size = wire === 1 ? 8 : 4;
        if (offset + size > bytes.length) return null;
        value = offset;
        end = offset + size;
        offset = end;
      } else if (wire === 2) {
        const length = varintAt(bytes, offset);
        if (length.next < 0 || length.value > bytes.length - length.next) return null;
        value = length.next;
        end = length.next + length.value;
        offset = end;
      } else {
        return null;
      }
      if (count === capacity) {
        capacity *= 2;
        numbers = grow(numbers, new Uint32Array(capacity));
        wires = grow(wires, new Uint8Array(capacity));
        values = grow(values, new Float64Array(capacity));
        ends = grow(ends, new Uint32Array(capacity));
      }
      numbers[count] = field;
      wires[count] = wire;
      values[count] = value;
      ends[count] = end;
      count += 1;
    }
    return new ProtoMessage(bytes, count, numbers, wires, values, ends);
  }

  /** Every field, materialized (for inspection and tests; the accessors below do not need it). */
  get fields(): ProtobufField[] {
    const list: ProtobufField[] = [];
    for (let index = 0; index < this.count; index += 1) {
      const wire = this.wires[index]!;
      const value = wire === 0 ? BigInt(this.values[index]!) : this.source.subarray(this.values[index]!, this.ends[index]!);
      list.push({ field: this.numbers[index]!, wire, value });
    }
    return list;
  }

  /** Positions (for {@link bytesAt}) of the length-delimited values of `field`: 4 bytes each, nothing copied. */
  positionsOf(field: number): Uint32Array {
    const positions: number[] = [];
    for (let index = 0; index < this.count; index += 1) {
      if (this.numbers[index] === field && this.wires[index] === 2) positions.push(index);
    }
    return Uint32Array.from(positions);
  }

  /** The value at a position given by {@link positionsOf}. */
  bytesAt(position: number): Buffer {
    return this.source.subarray(this.values[position]!, this.ends[position]!);
  }

  /** Every length-delimited value of `field`, in order, one at a time. */
  *eachBytes(field: number): Generator<Buffer> {
    for (let index = 0; index < this.count; index += 1) {
      if (this.numbers[index] === field && this.wires[index] === 2) yield this.source.subarray(this.values[index]!, this.ends[index]!);
    }
  }

  /** Every length-delimited value of `field`, in order. */
  allBytes(field: number): Buffer[] {
    return [...this.eachBytes(field)];
  }

  /** The first length-delimited value of `field`, or null. */
  bytes(field: number): Buffer | null {
    for (const value of this.eachBytes(field)) return value;
    return null;
  }

  /** The first length-delimited value of `field` as UTF-8 text, or null. */
  string(field: number): string | null {
    return this.bytes(field)?.toString('utf8') ?? null;
  }

  /** The first varint of `field` as a number (exact up to 2^53), or null. */
  uint(field: number): number | null {
    for (let index = 0; index < this.count; index += 1) {
      if (this.numbers[index] === field && this.wires[index] === 0) return this.values[index]!;
    }
    return null;
  }

  /** Every value of `field` as a nested message, parsed one at a time. */
  *eachMessage(field: number): Generator<ProtoMessage> {
    for (const bytes of this.eachBytes(field)) yield nested(bytes, field);
  }

  /** Every value of `field` as a nested message. */
  messages(field: number): ProtoMessage[] {
    return [...this.eachMessage(field)];
  }

  /** The first value of `field` as a nested message, or null when absent. */
  message(field: number): ProtoMessage | null {
    const bytes = this.bytes(field);
    return bytes === null ? null : nested(bytes, field);
  }

  /** Like {@link message}, but a missing field throws {@link ProtobufShapeError} naming `what`. */
  required(field: number, what: string): ProtoMessage {
    const found = this.message(field);
    if (!found) throw new ProtobufShapeError(`${what} (field ${field}) is missing`);
    return found;
  }
}

function grow<T extends Uint32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function nested(bytes: Buffer, field: number): ProtoMessage {
  const message = ProtoMessage.parse(bytes);
  if (!message) throw new ProtobufShapeError(`field ${field} is not a well-formed message`);
  return message;
}

/** Writes a varint (builder side). */
export function encodeVarint(value: number | bigint): Buffer {
  let rest = BigInt(value);
  const bytes: number[] = [];
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0n);
  return Buffer.from(bytes);
}

/** A field to encode: a varint (number, bigint), length-delimited bytes (Buffer, a nested message) or UTF-8 text. */
export interface EncodedField {
  field: number;
  value: string | Buffer | number | bigint;
}

/** Encodes length-delimited and varint fields into a protobuf message, in the order given (builder side). */
export function encodeProtobuf(fields: readonly EncodedField[]): Buffer {
  const parts: Buffer[] = [];
  for (const { field, value } of fields) {
    if (typeof value === 'number' || typeof value === 'bigint') {
      parts.push(encodeVarint((field << 3) | 0), encodeVarint(value));
    } else {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      parts.push(encodeVarint((field << 3) | 2), encodeVarint(bytes.length), bytes);
    }
  }
  return Buffer.concat(parts);
}
