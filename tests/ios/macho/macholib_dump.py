#!/usr/bin/python3
"""Oracle for the Mach-O tests: dumps load commands of each file given as JSON, using macholib.

Output: {path: [ {offset, cputype, cpusubtype, filetype, flags, ncmds, sizeofcmds,
                  commands: [{cmd, cmdsize, ...decoded}]} per slice ]}
"""
import json, sys
from macholib.MachO import MachO
from macholib import mach_o


def cstr(data):
    if isinstance(data, bytes):
        return data.split(b"\0", 1)[0].decode("utf-8", "replace")
    return str(data)


def dump_cmd(lc, cmd, data):
    out = {"cmd": lc.cmd, "cmdsize": lc.cmdsize}
    if isinstance(cmd, (mach_o.segment_command, mach_o.segment_command_64)):
        out.update(segname=cstr(cmd.segname), vmaddr=int(cmd.vmaddr), vmsize=int(cmd.vmsize),
                   fileoff=int(cmd.fileoff), filesize=int(cmd.filesize), nsects=int(cmd.nsects),
                   sections=[{"sectname": cstr(s.sectname), "segname": cstr(s.segname), "offset": int(s.offset),
                              "size": int(s.size), "addr": int(s.addr), "flags": int(s.flags)} for s in data])
    elif isinstance(cmd, mach_o.dylib_command):
        out.update(name=cstr(data), current_version=int(cmd.current_version._version),
                   compatibility_version=int(cmd.compatibility_version._version))
    elif isinstance(cmd, mach_o.rpath_command):
        out.update(path=cstr(data))
    elif isinstance(cmd, mach_o.dylinker_command):
        out.update(name=cstr(data))
    elif isinstance(cmd, (mach_o.encryption_info_command, mach_o.encryption_info_command_64)):
        out.update(cryptoff=int(cmd.cryptoff), cryptsize=int(cmd.cryptsize), cryptid=int(cmd.cryptid))
    elif isinstance(cmd, mach_o.uuid_command):
        out.update(uuid=bytes(cmd.uuid).hex())
    elif isinstance(cmd, mach_o.linkedit_data_command):
        out.update(dataoff=int(cmd.dataoff), datasize=int(cmd.datasize))
    elif isinstance(cmd, mach_o.version_min_command):
        out.update(version=int(cmd.version), sdk=int(cmd.sdk))
    elif lc.cmd == 0x32:
        out.update(platform=int(cmd.platform), minos=int(cmd.minos), sdk=int(cmd.sdk))
    elif lc.cmd == (0x28 | 0x80000000):
        out.update(entryoff=int(cmd.entryoff), stacksize=int(cmd.stacksize))
    return out


def main():
    result = {}
    for path in sys.argv[1:]:
        m = MachO(path)
        slices = []
        for h in m.headers:
            hd = h.header
            slices.append({
                "offset": h.offset, "cputype": int(hd.cputype), "cpusubtype": int(hd.cpusubtype) & 0xffffffff,
                "filetype": int(hd.filetype), "flags": int(hd.flags), "ncmds": int(hd.ncmds),
                "sizeofcmds": int(hd.sizeofcmds),
                "commands": [dump_cmd(lc, cmd, data) for lc, cmd, data in h.commands],
            })
        result[path] = slices
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
