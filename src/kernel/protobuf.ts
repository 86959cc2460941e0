// Schema-less protobuf wire format: reading a message's fields (ChatStorage metadata, Notes bodies and tables) and,
// for fixture builders, writing them. Nothing here knows a message type; callers name their field numbers.

/** One field of a protobuf message. */
export interface ProtobufField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wire: number;
  /** Varints as bigint; fixed and length-delimited values as the raw bytes. */
  value: bigint | Buffer;
}

function readVarint(bytes: Buffer, start: number): { value: bigint; next: number } | null {
  let value = 0n;
  let shift = 0n;
  for (let offset = start; offset < bytes.length && shift < 70n; offset += 1) {
    const byte = bytes[offset]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: offset + 1 };
    shift += 7n;
  }
  return null;
}

/** The top-level fields of a protobuf message, or null when the bytes are not a well-formed message. */
export function readProtobuf(bytes: Buffer): ProtobufField[] | null {
  const fields: ProtobufField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    if (!tag) return null;
    const field = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (field < 1 || field > 536_870_911) return null;
    offset = tag.next;
    if (wire === 0) {
      const varint = readVarint(bytes, offset);
      if (!varint) return null;
      fields.push({ field, wire, value: varint.value });
      offset = varint.next;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (offset + size > bytes.length) return null;
      fields.push({ field, wire, value: bytes.subarray(offset, offset + size) });
      offset += size;
    } else if (wire === 2) {
      const length = readVarint(bytes, offset);
      if (!length || length.value > BigInt(bytes.length - length.next)) return null;
      const end = length.next + Number(length.value);
      fields.push({ field, wire, value: bytes.subarray(length.next, end) });
      offset = end;
    } else {
      return null;
    }
  }
  return fields;
}

/** Raised by {@link ProtoMessage} when a field the caller requires is absent or not a well-formed message. */
export class ProtobufShapeError extends Error {}

/**
 * A parsed message with typed accessors by field number. `message()`/`messages()` parse nested messages on demand;
 * a nested value that is not a well-formed message throws {@link ProtobufShapeError}.
 */
export class ProtoMessage {
  private constructor(readonly fields: readonly ProtobufField[]) {}

  /** The message in `bytes`, or null when they are not well-formed protobuf. */
  static parse(bytes: Buffer): ProtoMessage | null {
    const fields = readProtobuf(bytes);
    return fields ? new ProtoMessage(fields) : null;
  }

  /** Every length-delimited value of `field`, in order. */
  allBytes(field: number): Buffer[] {
    return this.fields.filter((entry) => entry.field === field && entry.wire === 2).map((entry) => entry.value as Buffer);
  }

  /** The first length-delimited value of `field`, or null. */
  bytes(field: number): Buffer | null {
    return this.allBytes(field)[0] ?? null;
  }

  /** The first length-delimited value of `field` as UTF-8 text, or null. */
  string(field: number): string | null {
    return this.bytes(field)?.toString('utf8') ?? null;
  }

  /** The first varint of `field` as a number (exact up to 2^53), or null. */
  uint(field: number): number | null {
    const entry = this.fields.find((candidate) => candidate.field === field && candidate.wire === 0);
    return entry ? Number(entry.value as bigint) : null;
  }

  /** Every value of `field` as a nested message. */
  messages(field: number): ProtoMessage[] {
    return this.allBytes(field).map((bytes) => {
      const nested = ProtoMessage.parse(bytes);
      if (!nested) throw new ProtobufShapeError(`field ${field} is not a well-formed message`);
      return nested;
    });
  }

  /** The first value of `field` as a nested message, or null when absent. */
  message(field: number): ProtoMessage | null {
    const bytes = this.bytes(field);
    if (bytes === null) return null;
    const nested = ProtoMessage.parse(bytes);
    if (!nested) throw new ProtobufShapeError(`field ${field} is not a well-formed message`);
    return nested;
  }

  /** Like {@link message}, but a missing field throws {@link ProtobufShapeError} naming `what`. */
  required(field: number, what: string): ProtoMessage {
    const nested = this.message(field);
    if (!nested) throw new ProtobufShapeError(`${what} (field ${field}) is missing`);
    return nested;
  }
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
