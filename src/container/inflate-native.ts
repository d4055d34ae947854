// Synchronous, streaming raw DEFLATE (RFC 1951) decoding by zlib itself, with bounded memory.
//
// Why not the public API: node:zlib inflates synchronously only in one shot (inflateRawSync holds the
// whole output), and its streams are asynchronous. Its one-shot functions are built on the engine's
// native handle, whose writeSync(flush, in, inOff, inLen, out, outOff, outLen) runs zlib's inflate()
// once and leaves avail_out / avail_in in the engine's _writeState (lib/zlib.js, processChunkSync).
// Driving that handle directly gives zlib's speed (~10× inflate-stream.ts) with one fixed output
// buffer. Both members are internal, so they are feature-detected: when a Node version lacks them,
// NATIVE_STREAMING_INFLATE is false and callers use inflate-stream.ts.
//
// Zip-bomb guard: output is counted as it is produced and refused (ZIP_BOMB) as soon as it exceeds
// `maxOutput`, before the consumer sees the excess; at most OUT_CHUNK bytes are held at any time.

import { constants, createInflateRaw } from 'node:zlib';
import { MalformedInputError } from '../core/errors.js';
import type { InflateLimits } from './inflate-stream.js';

const OUT_CHUNK = 1 << 18;
/** Below this much room left in the output buffer, the next call gets a fresh one. */
const MIN_ROOM = 1 << 15;

interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  close(): void;
  onerror: (message: string, errno: number, code?: string) => void;
}

interface ZlibEngine {
  _handle?: ZlibHandle | null;
  _writeState?: Uint32Array;
  close(): void;
}

function openEngine(): { handle: ZlibHandle; state: Uint32Array } | undefined {
  const engine = createInflateRaw() as unknown as ZlibEngine;
  const handle = engine._handle;
  const state = engine._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    engine.close();
    return undefined;
  }
  return { handle, state };
}

function probe(): boolean {
  try {
    const opened = openEngine();
    opened?.handle.close();
    return opened !== undefined;
  } catch {
    return false;
  }
}

/** True when this Node exposes what NativeInflater drives. */
export const NATIVE_STREAMING_INFLATE = probe();

/** Push-based inflater: feed compressed chunks with push(), then finish(). */
export class NativeInflater {
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;
  private out = Buffer.allocUnsafe(OUT_CHUNK);
  private outPos = 0;
  private error: string | undefined;
  private ended = false;
  private consumed = 0;
  private closed = false;
  total = 0;

  constructor(private readonly limits: InflateLimits, private readonly consume: (chunk: Uint8Array) => void) {
    const opened = openEngine();
    if (!opened) throw new Error('NativeInflater: node:zlib has no synchronous handle; check NATIVE_STREAMING_INFLATE first');
    this.handle = opened.handle;
    this.state = opened.state;
    this.handle.onerror = (message, _errno, code) => {
      this.error = code ? `${message} (${code})` : message;
    };
  }

  private fail(message: string, code = 'ZIP_BAD_DEFLATE'): never {
    this.close();
    throw new MalformedInputError(code, message, { entry: this.limits.entry, offset: (this.limits.base ?? 0) + this.consumed });
  }

  /** Inflates `input`, the next compressed bytes of the stream. */
  push(input: Uint8Array): void {
    if (this.closed) throw new Error('NativeInflater: push() after finish()');
    if (this.ended) return;
    this.run(constants.Z_NO_FLUSH, input);
  }

  /** Ends the stream: refuses a stream without its final block. Returns the output size. */
  finish(): number {
    if (!this.ended) this.run(constants.Z_FINISH, new Uint8Array(0));
    if (!this.ended) this.fail(`deflate data ends after ${this.consumed} bytes, in the middle of a block`);
    this.close();
    return this.total;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.close();
  }

  private run(flush: number, input: Uint8Array): void {
    let inOff = 0;
    let inLen = input.length;
    for (;;) {
      const room = OUT_CHUNK - this.outPos;
      this.handle.writeSync(flush, input, inOff, inLen, this.out, this.outPos, room);
      if (this.error !== undefined) {
        if (flush === constants.Z_FINISH && /unexpected end/i.test(this.error)) return;
        this.fail(`deflate data is invalid: ${this.error}`);
      }
      const availOut = this.state[0]!;
      const availIn = this.state[1]!;
      this.emit(room - availOut);
      this.consumed += inLen - availIn;
      inOff += inLen - availIn;
      inLen = availIn;
      if (availOut !== 0) {
        // zlib stopped with room left: it needs more input, or the final block has ended. The handle
        // keeps zlib's return code to itself, so the end shows as input left over (ignored, as
        // inflateRawSync ignores it) or as a Z_FINISH call that raised no "unexpected end of file".
        if (availIn !== 0 || flush === constants.Z_FINISH) this.ended = true;
        return;
      }
    }
  }

  private emit(produced: number): void {
    if (produced === 0) return;
    this.total += produced;
    if (this.total > this.limits.maxOutput) this.fail(`inflates to more than the ${this.limits.maxOutput} bytes it declares`, 'ZIP_BOMB');
    // Consumers may keep their chunks: later output goes to the rest of the buffer, or a fresh one.
    const chunk = this.out.subarray(this.outPos, this.outPos + produced);
    this.outPos += produced;
    if (OUT_CHUNK - this.outPos < MIN_ROOM) {
      this.out = Buffer.allocUnsafe(OUT_CHUNK);
      this.outPos = 0;
    }
    this.consume(chunk);
  }
}
