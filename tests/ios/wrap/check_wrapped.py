#!/usr/bin/python3
"""Independent oracle for `mam wrap` on iOS: compares an original and a wrapped .app folder (both
extracted by Info-ZIP unzip) with macholib, plistlib and hashlib, none of which shares code with mam.

Prints one JSON object:
  slices       per slice of the wrapped main executable: cputype, LC_LOAD_DYLIB names, LC_RPATH paths
  origSlices   the same for the original
  dylib        whether Frameworks/<shim> is the shim plus a code signature: every original load command
               kept (only __LINKEDIT's sizes may change), one LC_CODE_SIGNATURE added, every byte after
               the load commands up to the shim's length unchanged
  plist        format of both Info.plists and the keys added, removed and changed (plistlib)
  marker       the MAMWrapper dictionary; policySha256 is hashlib's digest of mam/policy.json
  machos       every Mach-O file of the wrapped bundle (relative paths), but dSYM debug files
  unchanged    those of them that are byte-identical to the original's file of the same path

Usage: check_wrapped.py ORIGINAL_APP WRAPPED_APP SHIM_DYLIB SHIM_BUNDLE_PATH
"""
import hashlib, json, os, plistlib, struct, sys

from macholib.MachO import MachO
from macholib.mach_o import LC_LOAD_DYLIB, LC_RPATH

LC_CODE_SIGNATURE = 0x1D
LC_SEGMENT_64 = 0x19
MAGICS = {b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe"}
MH_DSYM = 0xA


def cstr(data):
    return data.split(b"\x00", 1)[0].decode("utf-8", "replace")


def slices(path):
    out = []
    for h in MachO(path).headers:
        dylibs, rpaths = [], []
        for lc, _cmd, data in h.commands:
            if lc.cmd == LC_LOAD_DYLIB:
                dylibs.append(cstr(data))
            elif lc.cmd == LC_RPATH:
                rpaths.append(cstr(data))
        out.append({"cputype": h.header.cputype, "loadDylibs": dylibs, "rpaths": rpaths})
    return out


def commands(b):
    ncmds, sizeofcmds = struct.unpack_from("<II", b, 16)
    off, cmds = 32, []
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", b, off)
        cmds.append((cmd, b[off:off + size]))
        off += size
    return cmds, 32 + sizeofcmds


def same_command(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == LC_SEGMENT_64 and cstr(a[1][8:24]) == "__LINKEDIT":
        # vmsize (offset 32) and filesize (offset 48) grow to cover the signature
        return a[1][:32] == b[1][:32] and a[1][40:48] == b[1][40:48] and a[1][56:] == b[1][56:]
    return a[1] == b[1]


def compare_dylib(shim, signed):
    if signed[:4] != b"\xcf\xfa\xed\xfe":
        return {"ok": False, "why": "not a thin 64-bit Mach-O"}
    a, end_a = commands(shim)
    b, end_b = commands(signed)
    if len(b) != len(a) + 1 or b[-1][0] != LC_CODE_SIGNATURE:
        return {"ok": False, "why": "expected the shim's commands plus LC_CODE_SIGNATURE"}
    if not all(same_command(x, y) for x, y in zip(a, b)):
        return {"ok": False, "why": "a load command of the shim changed"}
    if any(shim[end_a:end_b]):
        return {"ok": False, "why": "the signature command did not go into zero padding"}
    if signed[end_b:len(shim)] != shim[end_b:]:
        return {"ok": False, "why": "bytes after the load commands differ"}
    return {"ok": True, "why": ""}


def jsonable(v):
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return "data:" + bytes(v).hex()
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def plist_diff(orig_path, new_path):
    raw_a, raw_b = open(orig_path, "rb").read(), open(new_path, "rb").read()
    a, b = plistlib.loads(raw_a), plistlib.loads(raw_b)
    fmt = lambda raw: "binary" if raw.startswith(b"bplist00") else "xml"
    return {
        "formats": [fmt(raw_a), fmt(raw_b)],
        "added": sorted(k for k in b if k not in a),
        "removed": sorted(k for k in a if k not in b),
        "changed": sorted(k for k in a if k in b and jsonable(a[k]) != jsonable(b[k])),
        "addedValues": {k: jsonable(b[k]) for k in b if k not in a},
    }, b


def same_file(a, b):
    return os.path.isfile(a) and open(a, "rb").read() == open(b, "rb").read()


def machos(app):
    found = []
    for root, _dirs, files in os.walk(app):
        for n in files:
            p = os.path.join(root, n)
            if os.path.islink(p):
                continue
            with open(p, "rb") as f:
                head = f.read(16)
            if head[:4] not in MAGICS:
                continue
            if head[:4] != b"\xca\xfe\xba\xbe" and struct.unpack_from("<I", head, 12)[0] == MH_DSYM:
                continue
            found.append(os.path.relpath(p, app))
    return sorted(found)


def main():
    orig, wrapped, shim_path, bundle_path = sys.argv[1:5]
    info = plistlib.load(open(os.path.join(wrapped, "Info.plist"), "rb"))
    exe = info["CFBundleExecutable"]
    diff, new_info = plist_diff(os.path.join(orig, "Info.plist"), os.path.join(wrapped, "Info.plist"))
    policy = os.path.join(wrapped, "mam", "policy.json")
    dylib = os.path.join(wrapped, bundle_path)
    print(json.dumps({
        "slices": slices(os.path.join(wrapped, exe)),
        "origSlices": slices(os.path.join(orig, exe)),
        "dylib": compare_dylib(open(shim_path, "rb").read(), open(dylib, "rb").read()) if os.path.exists(dylib) else {"ok": False, "why": "absent"},
        "plist": diff,
        "marker": jsonable(new_info.get("MAMWrapper")),
        "policySha256": hashlib.sha256(open(policy, "rb").read()).hexdigest() if os.path.exists(policy) else None,
        "policy": json.load(open(policy)) if os.path.exists(policy) else None,
        "machos": machos(wrapped),
        "unchanged": [m for m in machos(wrapped) if same_file(os.path.join(orig, m), os.path.join(wrapped, m))],
    }))


if __name__ == "__main__":
    main()
