#!/usr/bin/python3
# Oracle writer for the plist tests: plistlib writes one sample document, rich in edge cases, as a
# binary plist (DIR/sample.bplist) and as an XML plist (DIR/sample.xml, without the UID). Our reader
# must read both to the value plistlib-dump.py prints for them.
import datetime
import plistlib
import sys

out = sys.argv[1]
sample = {
    "ints": [0, 1, 255, 256, 65535, 65536, 2**32 - 1, 2**32, -1, -(2**63), 2**63 - 1, 2**63, 2**64 - 1],
    "reals": [1.0, 0.1, -0.0, 1e300, 2.5e-8, 123456789.125],
    "strings": ["", "ascii", "exactly15chars!", "caf\u00e9", "\u65e5\u672c\u8a9e", "emoji \U0001F600", "  spaced\n\ttext  ", "<&>\"'"],
    "bools": [True, False],
    "data": [b"", b"\x00\x01\x02", bytes(range(256))],
    "date": datetime.datetime(2020, 9, 28, 12, 34, 56),
    "nested": {"k%02d" % i: {"v": [i]} for i in range(20)},
    "empty": {"dict": {}, "array": []},
}
with open(out + "/sample.xml", "wb") as f:
    plistlib.dump(sample, f, fmt=plistlib.FMT_XML, sort_keys=False)
sample["uid"] = plistlib.UID(300)
with open(out + "/sample.bplist", "wb") as f:
    plistlib.dump(sample, f, fmt=plistlib.FMT_BINARY, sort_keys=False)
