#!/usr/bin/python3
# Oracle for the plist tests: parses each file named on the command line with Python's plistlib and
# prints one JSON document, {path: {"ok": true, "value": TYPED} | {"ok": false, "error": "..."}}, where
# TYPED keeps every plist type distinct:
#   {"t":"dict","v":[[key, TYPED], ...]}  (file order)     {"t":"array","v":[TYPED, ...]}
#   {"t":"string","v":"..."}   {"t":"int","v":"123"}   {"t":"real","v":"1.5" (repr) }
#   {"t":"bool","v":true}      {"t":"date","v":"<microseconds since 2001-01-01T00:00:00Z>"}
#   {"t":"data","v":"<hex>"}   {"t":"uid","v":"7"}
# A path of "-" reads the bytes from stdin.
import datetime
import json
import plistlib
import sys

EPOCH = datetime.datetime(2001, 1, 1)


def typed(v):
    if isinstance(v, dict):
        return {"t": "dict", "v": [[k, typed(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return {"t": "array", "v": [typed(x) for x in v]}
    if isinstance(v, str):
        return {"t": "string", "v": v}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "real", "v": repr(v)}
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return {"t": "date", "v": str((v - EPOCH) // datetime.timedelta(microseconds=1))}
    if isinstance(v, (bytes, bytearray)):
        return {"t": "data", "v": bytes(v).hex()}
    if isinstance(v, plistlib.UID):
        return {"t": "uid", "v": str(v.data)}
    raise TypeError("unexpected plistlib value %r" % type(v))


def main():
    out = {}
    for path in sys.argv[1:]:
        try:
            data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
            out[path] = {"ok": True, "value": typed(plistlib.loads(data))}
        except Exception as e:  # the oracle reports, the test decides
            out[path] = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    json.dump(out, sys.stdout)


main()
