/**
 * Encoding modifiers: base64, base64offset, utf16le (wide), utf16be, utf16. Strings are carried as "byte strings"
 * (one char per byte, 0..255) after a utf16 transform; plain strings are UTF-8 encoded before base64.
 */
export type ByteString = { bytes: Uint8Array };

export function toBytes(value: string | ByteString): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value.bytes;
}

export function utf16le(value: string): ByteString {
  const out = new Uint8Array(value.length * 2);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return { bytes: out };
}

export function utf16be(value: string): ByteString {
  const out = new Uint8Array(value.length * 2);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return { bytes: out };
}

/** `utf16`: byte order mark FF FE then little endian. */
export function utf16bom(value: string): ByteString {
  const le = utf16le(value).bytes;
  const out = new Uint8Array(le.length + 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  out.set(le, 2);
  return { bytes: out };
}

export function base64(value: string | ByteString): string {
  return Buffer.from(toBytes(value)).toString('base64');
}

/**
 * `base64offset`: the three encodings of the value shifted by 0, 1 and 2 bytes, trimmed to the characters that do
 * not depend on the surrounding data (pySigma's algorithm).
 */
export function base64offset(value: string | ByteString): string[] {
  const bytes = toBytes(value);
  const startOffsets = [0, 2, 3];
  const endOffsets = [0, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const padded = new Uint8Array(i + bytes.length);
    padded.set(bytes, i);
    const enc = Buffer.from(padded).toString('base64');
    const endCut = endOffsets[(bytes.length + i) % 3];
    const s = enc.slice(startOffsets[i], endCut === 0 ? undefined : enc.length + endCut);
    out.push(s);
  }
  return out;
}

/** A byte string shown as a JS string of code units 0..255 (how a utf16 value looks when matched without base64). */
export function byteStringToText(value: ByteString): string {
  let s = '';
  for (const b of value.bytes) s += String.fromCharCode(b);
  return s;
}
