#!/usr/bin/python3
"""Writes a damaged copy of an IPA with Python's zipfile/plistlib/macholib (none of mam's code) and prints
what was damaged as JSON: {"where": path relative to the .app, "page": code page index (page damage)}.

Usage: damage.py IN.ipa OUT.ipa page|resource|added|removed|infoplist|entitlements
"""
import json, plistlib, struct, sys, zipfile
from macholib.MachO import MachO

src, dst, kind = sys.argv[1:4]
zin = zipfile.ZipFile(src)
names = zin.namelist()
app = next(n for n in names if n.startswith("Payload/") and n.count("/") == 2 and n.endswith(".app/")) \
    if any(n.startswith("Payload/") for n in names) else None
app = app or ("Payload/" + next(n.split("/")[1] for n in names if n.startswith("Payload/")) + "/")
info_bytes = zin.read(app + "Info.plist")
exe = plistlib.loads(info_bytes)["CFBundleExecutable"]
out = {}
replace = {}
drop = set()
add = {}


def first_slice(data):
    if struct.unpack(">I", data[:4])[0] == 0xCAFEBABE:
        return struct.unpack(">I", data[16:20])[0]
    return 0


def sealed_resource():
    seal = plistlib.loads(zin.read(app + "_CodeSignature/CodeResources"))
    for k, v in sorted(seal["files2"].items()):
        if k == "embedded.mobileprovision" or "/" in k and k.split("/")[0] in ("Frameworks", "PlugIns", "Watch"):
            continue
        if isinstance(v, dict) and ("hash2" in v or "hash" in v) and not v.get("optional") and app + k in names:
            return k
    raise SystemExit("no sealed resource")


if kind == "page":
    data = bytearray(zin.read(app + exe))
    base = first_slice(data)
    import tempfile, os
    with tempfile.NamedTemporaryFile(delete=False) as t:
        t.write(data)
    mo = MachO(t.name)
    os.unlink(t.name)
    h = mo.headers[0]
    text = next(s for lc, cmd, secs in h.commands if isinstance(secs, list) for s in secs
                if s.sectname.rstrip(b"\0") == b"__text")
    at = h.offset + text.offset + 16
    data[at] ^= 0xFF
    replace[app + exe] = bytes(data)
    out = {"where": exe, "page": (text.offset + 16) // 4096}
elif kind in ("resource", "removed"):
    k = sealed_resource()
    if kind == "removed":
        drop.add(app + k)
    else:
        b = bytearray(zin.read(app + k))
        b[len(b) // 2] ^= 0x01
        replace[app + k] = bytes(b)
    out = {"where": k}
elif kind == "added":
    add[app + "added.txt"] = b"not sealed\n"
    out = {"where": "added.txt"}
elif kind == "infoplist":
    fmt = plistlib.FMT_BINARY if info_bytes.startswith(b"bplist") else plistlib.FMT_XML
    info = plistlib.loads(info_bytes)
    info["CFBundleShortVersionString"] = "9.9.9"
    replace[app + "Info.plist"] = plistlib.dumps(info, fmt=fmt)
    out = {"where": exe, "format": "binary" if fmt == plistlib.FMT_BINARY else "xml"}
elif kind == "entitlements":
    data = bytearray(zin.read(app + exe))
    base = first_slice(data)
    off = base + (32 if struct.unpack("<I", data[base:base + 4])[0] == 0xFEEDFACF else 28)
    for _ in range(struct.unpack("<I", data[base + 16:base + 20])[0]):
        cmd, size = struct.unpack("<II", data[off:off + 8])
        if cmd == 0x1D:
            sig = base + struct.unpack("<I", data[off + 8:off + 12])[0]
        off += size
    count = struct.unpack(">I", data[sig + 8:sig + 12])[0]
    blob = next(sig + o for t, o in (struct.unpack(">II", data[sig + 12 + 8 * i:sig + 20 + 8 * i]) for i in range(count)) if t == 5)
    end = blob + struct.unpack(">I", data[blob + 4:blob + 8])[0]
    at = data.index(b"</string>", blob, end) - 1
    data[at] ^= 0x20  # flips the case of the last letter of the first string value: still valid XML
    replace[app + exe] = bytes(data)
    out = {"where": exe}

with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for i in zin.infolist():
        if i.filename in drop:
            continue
        zout.writestr(i, replace.get(i.filename, zin.read(i.filename)))
    for n, b in add.items():
        zout.writestr(n, b)
print(json.dumps(out))
