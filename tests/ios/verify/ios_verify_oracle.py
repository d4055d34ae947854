#!/usr/bin/python3
"""Independent facts for the iOS verifier tests, from Python's plistlib/hashlib, asn1crypto and
cryptography (none of mam's code).

  cms BINARY...  per binary, per slice with a CMS blob: does the signature verify over the signed attributes
                 AS ENCODED (what the device checks; openssl re-sorts them and rejects Apple's
                 unsorted ones), does messageDigest equal the hash of the first CodeDirectory, do the
                 CDHashes plist attribute's hashes equal every CodeDirectory's, are the attributes in
                 DER order. JSON list.
  missing APPDIR for every _CodeSignature/CodeResources under APPDIR: the sealed paths (files2, else
                 files) that are absent on disk and not optional, relative to APPDIR. JSON list.
"""
import hashlib, json, os, plistlib, struct, sys
from asn1crypto import cms as acms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding

HASHES = {1: "sha1", 2: "sha256", 3: "sha256", 4: "sha384"}


def slices(data):
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 0xCAFEBABE:
        n = struct.unpack(">I", data[4:8])[0]
        return [data[o:o + s] for _, _, o, s, _ in (struct.unpack(">iiIII", data[8 + 20 * i:28 + 20 * i]) for i in range(n))]
    return [data]


def superblob(sl):
    off = 32 if struct.unpack("<I", sl[:4])[0] == 0xFEEDFACF else 28
    for _ in range(struct.unpack("<I", sl[16:20])[0]):
        cmd, size = struct.unpack("<II", sl[off:off + 8])
        if cmd == 0x1D:
            d, s = struct.unpack("<II", sl[off + 8:off + 16])
            return sl[d:d + s]
        off += size
    return None


def cms_facts(sl):
    sb = superblob(sl)
    if sb is None:
        return None
    cds, blob = [], None
    for i in range(struct.unpack(">I", sb[8:12])[0]):
        typ, off = struct.unpack(">II", sb[12 + 8 * i:20 + 8 * i])
        magic, length = struct.unpack(">II", sb[off:off + 8])
        if magic == 0xFADE0C02:
            cds.append((typ, sb[off:off + length]))
        elif magic == 0xFADE0B01:
            blob = sb[off + 8:off + length]
    if not blob:
        return None
    cds.sort()
    sd = acms.ContentInfo.load(blob)["content"]
    si = sd["signer_infos"][0]
    sid = si["sid"].chosen
    cert = next(c.chosen for c in sd["certificates"]
                if c.chosen.issuer == sid["issuer"] and c.chosen.serial_number == sid["serial_number"].native)
    digest = si["digest_algorithm"]["algorithm"].native
    attrs = si["signed_attrs"]
    if len(attrs.contents or b""):
        raw = bytearray(attrs.dump())
        raw[0] = 0x31
    else:  # RFC 5652 5.4: without signed attributes the signature covers the content itself
        attrs, raw = [], bytearray(cds[0][1])
    key = x509.load_der_x509_certificate(cert.dump()).public_key()
    halg = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha384": hashes.SHA384()}[digest]
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(si["signature"].native, bytes(raw), ec.ECDSA(halg))
        else:
            key.verify(si["signature"].native, bytes(raw), padding.PKCS1v15(), halg)
        sig_ok = True
    except Exception:
        sig_ok = False
    values = {a["type"].dotted: a["values"] for a in attrs}
    md = values.get("1.2.840.113549.1.9.4")
    digest_ok = sig_ok if not attrs else md is not None and md[0].native == hashlib.new(digest, cds[0][1]).digest()
    cdh = values.get("1.2.840.113635.100.9.1")
    cdhashes_ok = None
    if cdh is not None:
        listed = plistlib.loads(cdh[0].native)["cdhashes"]
        want = [hashlib.new(HASHES[cd[37]], cd).digest()[:20] for _, cd in cds]
        cdhashes_ok = listed == want
    encoded = [a.dump() for a in attrs]
    return {"sig_ok": sig_ok, "digest_ok": digest_ok, "cdhashes_ok": cdhashes_ok,
            "der_sorted": encoded == sorted(encoded), "code_directories": len(cds)}


def missing(app):
    out = []
    for d, _, names in os.walk(app):
        if os.path.basename(d) == "_CodeSignature" and "CodeResources" in names:
            root = os.path.dirname(d)
            seal = plistlib.load(open(os.path.join(d, "CodeResources"), "rb"))
            files = seal.get("files2", seal.get("files", {}))
            for k, v in files.items():
                optional = isinstance(v, dict) and v.get("optional", False)
                if not optional and not os.path.lexists(os.path.join(root, k)):
                    out.append(os.path.relpath(os.path.join(root, k), app))
    return sorted(out)


if __name__ == "__main__":
    if sys.argv[1] == "cms":
        print(json.dumps([[cms_facts(s) for s in slices(open(p, "rb").read())] for p in sys.argv[2:]]))
    else:
        print(json.dumps(missing(sys.argv[2])))
