# Independent zip oracle for the signer tests (Python's zipfile, not mam's reader). For each
# "INPUT OUTPUT" pair given as arguments, prints one JSON line with:
#   misaligned: stored .so entries whose data does not start on a 16384-byte boundary, and other
#               stored entries whose data does not start on a 4-byte boundary;
#   changed:    entries of the input (not directories, not META-INF signature files) whose compressed
#               bytes differ in the output, or that are missing from it.
import json, re, struct, sys, zipfile

SIGNATURE_FILE = re.compile(r'^META-INF/([^/]*\.(SF|RSA|DSA|EC)|SIG-[^/]*|MANIFEST\.MF)$', re.IGNORECASE)

def raw(path, info):
    with open(path, 'rb') as f:
        f.seek(info.header_offset)
        header = f.read(30)
        name_len, extra_len = struct.unpack('<HH', header[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        f.seek(start)
        return start, f.read(info.compress_size)

args = sys.argv[1:]
for i in range(0, len(args), 2):
    src, out = args[i], args[i + 1]
    zin, zout = zipfile.ZipFile(src), zipfile.ZipFile(out)
    outs = {z.filename: z for z in zout.infolist()}
    misaligned, changed = [], []
    for z in zout.infolist():
        if z.compress_type != zipfile.ZIP_STORED:
            continue
        start, _ = raw(out, z)
        need = 16384 if z.filename.endswith('.so') else 4
        if start % need:
            misaligned.append([z.filename, start])
    for z in zin.infolist():
        if z.filename.endswith('/') or SIGNATURE_FILE.match(z.filename):
            continue
        o = outs.get(z.filename)
        if o is None or raw(src, z)[1] != raw(out, o)[1] or o.compress_type != z.compress_type:
            changed.append(z.filename)
    stored_so = sum(1 for z in zout.infolist() if z.compress_type == zipfile.ZIP_STORED and z.filename.endswith('.so'))
    print(json.dumps({'output': out, 'misaligned': misaligned, 'changed': changed, 'storedSo': stored_so}))
