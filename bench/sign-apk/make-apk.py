#!/usr/bin/python3
"""Writes a synthetic but realistically shaped large APK for the signing benchmark (bench/sign-apk/run.mjs).

Python's zipfile is the writer (independent of mam's); every byte comes from a seeded PRNG, so the same
--size-mb, --seed and base files give the same archive. The result is NOT aligned: run.mjs aligns it
with `zipalign -p -f 4` and fixtures/android/align-apk.py (16 KiB pages for stored .so files).

Content, as a share of the target size on disk (compressed bytes):
  20 %  classesN.dex, deflated, at most --dex-mib MiB each uncompressed (default 10, a large real
        classes.dex): the real DEX bytes given with --dex first, then DEX-like filler (identifier-like
        text interleaved with random bytes, ~1.6:1 under deflate). Only the real prefix parses as DEX;
        nothing in the signer parses DEX, so the filler only has to compress like code.
  20 %  lib/arm64-v8a/*.so, stored (random bytes; aligned to 16 KiB later), 4 libraries
  30 %  assets/bundles/*.bin, stored, incompressible random bytes, files of at most 8 MiB
  10 %  res/raw/*.ogg, stored, random bytes, files of at most 2 MiB
  15 %  assets/data/*.json, deflated JSON lines (~2.5:1), files of at most 4 MiB compressed
   5 %  small resources: res/drawable-xxhdpi/*.png stored (random) and res/layout/*.xml deflated
plus AndroidManifest.xml and resources.arsc taken from --base (the manifest decides the min SDK).

With --real-dex (the wrap benchmark: `mam wrap` parses and rewrites every DEX file), the DEX entries are
exactly the --dex files, in order, --dex-copies times (no filler: every DEX file parses), and whatever
of the 20 % they leave goes to assets/bundles.

Usage: make-apk.py --size-mb N [--seed S] [--dex-mib N] --base BASE.apk [--dex A.dex ...]
                   [--real-dex [--dex-copies N]] OUT.apk
"""
import argparse
import random
import zipfile
import zlib

MIB = 1 << 20
BLOCK = 64 << 10  # pool block size: larger than deflate's 32 KiB window, so reuse does not compress
DATE = (1980, 1, 1, 0, 0, 0)
LEVEL = 6


class Pools:
    """Pools of 64 KiB blocks: repeating a block further apart than 32 KiB costs deflate its full ratio."""

    def __init__(self, rng):
        self.rng = rng
        vocab = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 12))) for _ in range(4000)]
        self.json = [self._json_block(vocab) for _ in range(96)]
        self.dex = [self._dex_block(vocab) for _ in range(96)]
        self.xml = [self._xml_block(vocab) for _ in range(32)]
        self.ratio = {name: ratio(pool) for name, pool in (("json", self.json), ("dex", self.dex), ("xml", self.xml))}

    def _json_block(self, vocab):
        rng, out = self.rng, bytearray()
        while len(out) < BLOCK:
            words = " ".join(rng.choices(vocab, k=rng.randint(2, 6)))
            tags = ",".join(f'"{w}"' for w in rng.choices(vocab, k=rng.randint(1, 4)))
            out += f'{{"id":{rng.randrange(10**7)},"name":"{words}","tags":[{tags}],"score":{rng.random():.4f}}}\n'.encode()
        return bytes(out[:BLOCK])

    def _dex_block(self, vocab):
        rng, out = self.rng, bytearray()
        while len(out) < BLOCK:
            out += ";".join(f"L{w}/{v};" for w, v in zip(rng.choices(vocab, k=8), rng.choices(vocab, k=8))).encode()
            out += rng.randbytes(rng.randint(8, 56))
        return bytes(out[:BLOCK])

    def _xml_block(self, vocab):
        rng, out = self.rng, bytearray()
        while len(out) < BLOCK:
            w = rng.choices(vocab, k=3)
            out += f'<View android:id="@+id/{w[0]}" android:text="@string/{w[1]}" android:layout_width="{rng.randint(1, 400)}dp" tools:ignore="{w[2]}"/>\n'.encode()
        return bytes(out[:BLOCK])

    def fill(self, pool, size):
        out = bytearray()
        while len(out) < size:
            out += self.rng.choice(pool)
        return bytes(out[:size])


def ratio(pool):
    raw = sum(len(b) for b in pool)
    return raw / sum(len(zlib.compress(b, LEVEL)) for b in pool)


def split(total, most):
    """Sizes of at most `most` bytes each, summing to `total`."""
    sizes = []
    while total > 0:
        n = min(total, most)
        sizes.append(n)
        total -= n
    return sizes


def add(zf, name, data, stored):
    info = zipfile.ZipInfo(name, date_time=DATE)
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=None if stored else LEVEL)


def build(args):
    rng = random.Random(args.seed)
    pools = Pools(rng)
    target = args.size_mb * MIB
    share = lambda pct: int(target * pct / 100)
    with zipfile.ZipFile(args.base) as base, zipfile.ZipFile(args.out, "w") as zf:
        add(zf, "AndroidManifest.xml", base.read("AndroidManifest.xml"), stored=False)

        real = [open(p, "rb").read() for p in args.dex]
        leftover = 0
        if args.real_dex:
            for i, data in enumerate(real * args.dex_copies):
                add(zf, "classes.dex" if i == 0 else f"classes{i + 1}.dex", data, stored=False)
            leftover = max(0, share(20) - sum(zf.getinfo(n).compress_size for n in zf.namelist() if n.endswith(".dex")))
        else:
            dex_total = int(share(20) * pools.ratio["dex"])
            dex_count = max(2, -(-dex_total // (args.dex_mib * MIB)))
            for i in range(dex_count):
                name = "classes.dex" if i == 0 else f"classes{i + 1}.dex"
                prefix = real[i] if i < len(real) else b""
                size = dex_total // dex_count
                add(zf, name, prefix + pools.fill(pools.dex, max(0, size - len(prefix))), stored=False)

        for name, pct in (("libmain.so", 0.5), ("libengine.so", 0.3), ("libc++_shared.so", 0.15), ("libcrashlytics.so", 0.05)):
            add(zf, f"lib/arm64-v8a/{name}", rng.randbytes(int(share(20) * pct)), stored=True)

        small = share(5)
        count = max(8, small // (8 << 10))
        for i in range(count):
            if i % 2:
                add(zf, f"res/drawable-xxhdpi/ic_{i:05d}.png", rng.randbytes(rng.randint(2 << 10, 14 << 10)), stored=True)
            else:
                size = int(rng.randint(2 << 10, 14 << 10) * pools.ratio["xml"])
                add(zf, f"res/layout/layout_{i:05d}.xml", pools.fill(pools.xml, size), stored=False)
        for i, size in enumerate(split(share(10), 2 * MIB)):
            add(zf, f"res/raw/track_{i:03d}.ogg", rng.randbytes(size), stored=True)

        arsc = base.getinfo("resources.arsc")
        add(zf, "resources.arsc", base.read(arsc), stored=arsc.compress_type == zipfile.ZIP_STORED)

        for i, size in enumerate(split(share(15), 4 * MIB)):
            add(zf, f"assets/data/table_{i:03d}.json", pools.fill(pools.json, int(size * pools.ratio["json"])), stored=False)
        for i, size in enumerate(split(share(30) + leftover, 8 * MIB)):
            add(zf, f"assets/bundles/bundle_{i:03d}.bin", rng.randbytes(size), stored=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size-mb", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--dex-mib", type=int, default=10)
    p.add_argument("--base", required=True)
    p.add_argument("--dex", action="append", default=[])
    p.add_argument("--real-dex", action="store_true")
    p.add_argument("--dex-copies", type=int, default=1)
    p.add_argument("out")
    build(p.parse_args())


if __name__ == "__main__":
    main()
