// A password held so that it cannot leak: every way JavaScript turns a value into text (String(),
// template literals, JSON.stringify, util.inspect, console.log, string concatenation) yields
// "[redacted]". Only `reveal()` returns the characters, and only the key-store codecs call it, at the
// moment they turn the password into the bytes their format hashes.

const REDACTED = '[redacted]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The password itself. Never pass the result to anything that prints, logs or serializes. */
  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  equals(other: Secret): boolean {
    return this.#value === other.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return REDACTED;
  }
}

/** Java `char[]` → bytes, as JKS hashes a password: UTF-16 code units, big-endian, no terminator. */
export function utf16be(secret: Secret): Uint8Array {
  const s = secret.reveal();
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/** PKCS#12 (RFC 7292, appendix B.1): a BMPString, big-endian, with a two-byte NUL terminator. */
export function bmpStringWithNul(secret: Secret): Uint8Array {
  const body = utf16be(secret);
  const out = new Uint8Array(body.length + 2);
  out.set(body);
  return out;
}

/** PBES2 (RFC 8018) and PEM encryption take the password's UTF-8 bytes, as OpenSSL and Java do. */
export function utf8(secret: Secret): Uint8Array {
  return new TextEncoder().encode(secret.reveal());
}
