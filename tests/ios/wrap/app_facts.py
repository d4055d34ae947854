#!/usr/bin/python3
"""Independent facts about an extracted .app, for deciding what `mam wrap` must do with it (plistlib and
macholib only): whether CFBundleExecutable exists, and each slice's cputype, platform (LC_BUILD_VERSION's
platform, or 2 = iOS for LC_VERSION_MIN_IPHONEOS), MH_PIE, and cryptid.

Usage: app_facts.py APP_DIR   → JSON {"executable": bool, "slices": [{cputype, platform, pie, cryptid}]}
"""
import json, os, plistlib, struct, sys

from macholib.MachO import MachO

LC_BUILD_VERSION, LC_VERSION_MIN_IPHONEOS = 0x32, 0x25
LC_ENCRYPTION_INFO, LC_ENCRYPTION_INFO_64 = 0x21, 0x2C
MH_PIE = 0x200000


def main():
    app = sys.argv[1]
    info = plistlib.load(open(os.path.join(app, "Info.plist"), "rb"))
    exe = os.path.join(app, info.get("CFBundleExecutable", "\0"))
    if not os.path.isfile(exe):
        print(json.dumps({"executable": False, "slices": []}))
        return
    out = []
    for h in MachO(exe).headers:
        platform, cryptid = None, 0
        for lc, cmd, data in h.commands:
            if lc.cmd == LC_BUILD_VERSION:
                platform = cmd.platform
            elif lc.cmd == LC_VERSION_MIN_IPHONEOS and platform is None:
                platform = 2
            elif lc.cmd in (LC_ENCRYPTION_INFO, LC_ENCRYPTION_INFO_64):
                cryptid = cmd.cryptid
        out.append({"cputype": h.header.cputype, "platform": platform, "pie": bool(h.header.flags & MH_PIE), "cryptid": cryptid})
    print(json.dumps({"executable": True, "slices": out}))


if __name__ == "__main__":
    main()
