#!/usr/bin/python3
"""Synthetic IPA for the iOS signing benchmark, written with Python's zipfile (seeded: the same
arguments give the same bytes).

Contents: every entry of the fixture IPA (fixtures/ios/Sample.ipa: app, framework, share extension),
the main executable replaced by EXECUTABLE (a Mach-O enlarged by clang, see run.mjs), then resources
filling the rest of the target size on disk: half stored random `Assets/blob-N.bin` (incompressible,
like images and media), half deflated hex text `Data/table-N.json` (compresses about 2:1).

Usage: make-ipa.py --sample Sample.ipa --executable BIN --size-mib N --out OUT.ipa [--seed S] [--chunk-mib 8]
"""
import argparse, random, zipfile

DATE = (2024, 1, 1, 0, 0, 0)


def info(name, method):
    zi = zipfile.ZipInfo(name, DATE)
    zi.compress_type = method
    zi.create_system = 3
    zi.external_attr = (0o100644 if not name.endswith('/') else 0o40755) << 16
    return zi


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sample', required=True)
    ap.add_argument('--executable', required=True)
    ap.add_argument('--size-mib', type=float, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--chunk-mib', type=int, default=8)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    target = int(a.size_mib * 2**20)
    chunk = a.chunk_mib * 2**20
    with zipfile.ZipFile(a.sample) as src, zipfile.ZipFile(a.out, 'w', allowZip64=True) as out:
        app = next(n for n in src.namelist() if n.count('/') == 2 and n.endswith('.app/'))
        exe = app + 'Sample'
        for e in src.infolist():
            if e.filename == exe:
                zi = info(exe, zipfile.ZIP_DEFLATED)
                zi.external_attr = 0o100755 << 16
                with open(a.executable, 'rb') as f:
                    out.writestr(zi, f.read())
            else:
                out.writestr(e, src.read(e))
        out.fp.flush()
        written = out.fp.tell()
        stored = max(0, (target - written) // 2)
        n = 0
        while stored > 0:
            size = min(chunk, stored)
            out.writestr(info(f'{app}Assets/blob-{n:03d}.bin', zipfile.ZIP_STORED), rng.randbytes(size))
            stored -= size
            n += 1
        n = 0
        while out.fp.tell() < target - 4096:
            # about 2:1 under deflate: hex digits carry 4 bits a byte
            left = (target - out.fp.tell()) * 2
            size = min(chunk, max(4096, left))
            out.writestr(info(f'{app}Data/table-{n:03d}.json', zipfile.ZIP_DEFLATED), rng.randbytes(size // 2).hex().encode())
            n += 1


if __name__ == '__main__':
    main()
