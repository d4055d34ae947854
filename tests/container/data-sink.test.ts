import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSink, MemorySink } from '../../src/core/data-sink.js';
import { IoError } from '../../src/core/errors.js';

describe('data sinks', () => {
  it('MemorySink copies what it is given (even a Buffer view) and tracks position', () => {
    const s = new MemorySink();
    const buf = Buffer.from([1, 2, 3]);
    s.write(buf);
    buf[0] = 9;
    s.write(new Uint8Array([4]));
    expect(s.position).toBe(4);
    expect([...s.toBytes()]).toEqual([1, 2, 3, 4]);
  });

  it('FileSink writes sequentially and refuses writes after close', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mam-sink-'));
    try {
      const p = join(dir, 'out.bin');
      const s = FileSink.create(p);
      s.write(new Uint8Array([1, 2]));
      s.write(new Uint8Array([3]));
      expect(s.position).toBe(3);
      s.close();
      expect([...readFileSync(p)]).toEqual([1, 2, 3]);
      expect(() => s.write(new Uint8Array([4]))).toThrow(IoError);
      expect(() => FileSink.create(join(dir, 'missing', 'x'))).toThrow(IoError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
