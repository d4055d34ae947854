#!/usr/bin/python3
"""Independent oracle for `mam inspect` on iOS bundles: walks an extracted .app folder and prints, per
bundle, what plistlib, macholib and openssl say. Usage: ios_oracle.py APP_DIR  ->  JSON on stdout.

{ "<bundle folder relative to the app, '' for the app>": {
    "bundleId", "shortVersion", "version", "minimumOS", "executable",
    "slices": [ {"cputype", "cpusubtype", "filetype", "pie", "cryptid", "dylibs": [...], "rpaths": [...]} ],
    "profile": {"uuid", "name", "expires", "teamIds"} | null } }
"""
import json, os, plistlib, re, subprocess, sys
from macholib.MachO import MachO
from macholib import mach_o

NESTED = [re.compile(p) for p in (r"^Frameworks/[^/]+\.framework$", r"^PlugIns/[^/]+\.(appex|xctest|bundle)$",
                                   r"^Extensions/[^/]+\.appex$", r"^Watch/[^/]+\.app$", r"^AppClips/[^/]+\.app$")]
MH_PIE = 0x200000
LOAD_DYLIBS = {0xc, 0x18 | 0x80000000, 0x1f | 0x80000000, 0x20, 0x23 | 0x80000000}
LC_RPATH = 0x1c | 0x80000000
LC_ENCRYPTION = {0x21, 0x2c}


def cstr(b):
    return b.split(b"\0", 1)[0].decode("utf-8", "replace") if isinstance(b, bytes) else str(b)


def slices(path):
    out = []
    for h in MachO(path).headers:
        s = {"cputype": h.header.cputype, "cpusubtype": h.header.cpusubtype & 0xffffff, "filetype": h.header.filetype,
             "pie": bool(h.header.flags & MH_PIE), "cryptid": 0, "dylibs": [], "rpaths": []}
        for lc, cmd, data in h.commands:
            if lc.cmd in LOAD_DYLIBS:
                s["dylibs"].append(cstr(data))
            elif lc.cmd == LC_RPATH:
                s["rpaths"].append(cstr(data))
            elif lc.cmd in LC_ENCRYPTION:
                s["cryptid"] = max(s["cryptid"], int(cmd.cryptid))
        out.append(s)
    return out


def profile(path):
    r = subprocess.run(["openssl", "cms", "-verify", "-noverify", "-inform", "DER", "-in", path],
                       capture_output=True)
    if r.returncode != 0:
        return {"error": r.stderr.decode()[:200]}
    p = plistlib.loads(r.stdout)
    return {"uuid": p.get("UUID"), "name": p.get("Name"), "teamIds": p.get("TeamIdentifier", []),
            "expires": p["ExpirationDate"].strftime("%Y-%m-%dT%H:%M:%S")}


def bundle(app, rel, out):
    root = os.path.join(app, rel)
    info = {}
    ip = os.path.join(root, "Info.plist")
    if os.path.exists(ip):
        with open(ip, "rb") as f:
            info = plistlib.load(f)
    exe = info.get("CFBundleExecutable")
    exe_path = os.path.join(root, exe) if exe else None
    mp = os.path.join(root, "embedded.mobileprovision")
    out[rel + "/" if rel else ""] = {
        "bundleId": info.get("CFBundleIdentifier"), "shortVersion": info.get("CFBundleShortVersionString"),
        "version": info.get("CFBundleVersion"), "minimumOS": info.get("MinimumOSVersion"), "executable": exe,
        "slices": slices(exe_path) if exe_path and os.path.isfile(exe_path) else None,
        "profile": profile(mp) if os.path.exists(mp) else None,
    }
    for top in ("Frameworks", "PlugIns", "Extensions", "Watch", "AppClips"):
        d = os.path.join(root, top)
        if not os.path.isdir(d):
            continue
        for n in sorted(os.listdir(d)):
            child = f"{top}/{n}"
            if any(p.match(child) for p in NESTED) and os.path.isdir(os.path.join(d, n)):
                bundle(app, os.path.join(rel, child) if rel else child, out)


result = {}
bundle(sys.argv[1], "", result)
print(json.dumps(result))
