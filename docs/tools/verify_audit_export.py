#!/usr/bin/env python3
"""Verify a Palisade audit export (NDJSON or JSON) offline, from the specification alone.

Usage:
  verify_audit_export.py EXPORT [--public-key BASE64] [--checkpoints CHECKPOINTS.json] [--segment]
  verify_audit_export.py BUNDLE.zip [--public-key BASE64]

Recomputes every entry's content hash (encoding palisade-audit-entry-v1, see
docs/audit-chain.md), checks each chain link against previousChainHash and against the
entry before it, and checks the export checkpoint that ends every export: the number of
entries, the digest of their chain hashes and the highest entry it names. With the install's
Ed25519 public key it also checks the export checkpoint's signature and, given the chain's
checkpoints, each checkpoint's signature (needs the 'cryptography' package) and that each
matches the exported chain hash at its sequence. --segment accepts lines cut out of an export
without its export checkpoint: their tail is then not proven.

A bundle written by an export to storage (docs/audit-log.md) holds the export, the chain's
checkpoints and the public key, named with their sizes and SHA-256 in its manifest.json: each is
checked against the manifest, then verified as above with the bundle's own checkpoints and key.
The bundle's key proves nothing by itself: give the install's published key with --public-key
(GET /api/v1/install/audit/public-key) to check that the bundle was signed with it.

Exit status 0 when everything checks out, 1 with the first problem printed otherwise.
"""
import base64
import hashlib
import json
import struct
import sys
import zipfile

MAGIC = b"palisade-audit-entry-v1"
BUNDLE = "palisade-audit-bundle-v1"
GENESIS = bytes(32)


def field(value):
    if value is None:
        return b"\xff"
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return b"\x00" + struct.pack(">I", len(data)) + data


def encode(e):
    sealed = base64.b64decode(e["sealedMetadata"]) if e.get("sealedMetadata") else None
    parts = [
        e["chainId"], str(e["sequence"]), e["id"], e["occurredAt"], e["actorType"],
        e["actorId"], e["action"], e.get("subjectType"), e.get("subjectId"), e.get("reason"),
        e.get("publicMetadata"), sealed, e.get("sealedKeyVersion"),
    ]
    return MAGIC + b"".join(field(p) for p in parts)


def load(path):
    """The entries of an export file and its export checkpoint (None when there is none)."""
    with open(path, encoding="utf-8") as f:
        return parse(f.read())


def parse(text):
    """The entries of an export's text and its export checkpoint (None when there is none)."""
    if text.startswith("{\"chainId\"") and "\"entries\"" in text[:200]:
        doc = json.loads(text)
        return doc["entries"], doc.get("exportCheckpoint")
    objects = [json.loads(line) for line in text.split("\n") if line]
    if objects and "exportCheckpoint" in objects[-1]:
        return objects[:-1], objects[-1]["exportCheckpoint"]
    return objects, None


def verifier(argv):
    if "--public-key" not in argv:
        return None
    return key(argv[argv.index("--public-key") + 1])


def key(b64):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(b64))


class Problem(Exception):
    """What is wrong with the input, as printed."""


def open_bundle(path, argv):
    """The export text, checkpoints and public key of a bundle, each checked against its manifest."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if "manifest.json" not in names:
            raise Problem("the bundle has no manifest.json")
        manifest = json.loads(z.read("manifest.json").decode("utf-8"))
        if manifest.get("bundle") != BUNDLE:
            raise Problem(f"not a {BUNDLE} bundle")
        listed = {f["name"]: f for f in manifest["files"]}
        if set(listed) | {"manifest.json"} != names:
            raise Problem("the bundle's files are not the ones its manifest lists")
        content = {}
        for name, f in listed.items():
            data = z.read(name)
            if len(data) != f["size"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
                raise Problem(f"{name} does not match the bundle's manifest (it was changed)")
            content[name] = data
    export = content.get("export." + manifest["format"])
    if export is None or "checkpoints.json" not in content or "public-key.json" not in content:
        raise Problem("the bundle lacks its export, checkpoints.json or public-key.json")
    published = json.loads(content["public-key.json"].decode("utf-8"))
    raw = base64.b64decode(published["publicKey"])
    if hashlib.sha256(raw).hexdigest()[:16] != published["keyId"] or published["keyId"] != manifest["keyId"]:
        raise Problem("the bundle's public key does not have the key id its manifest names")
    if "--public-key" in argv and argv[argv.index("--public-key") + 1] != published["publicKey"]:
        raise Problem("the bundle's public key is not the one given with --public-key")
    checkpoints = json.loads(content["checkpoints.json"].decode("utf-8"))
    return manifest, export.decode("utf-8"), checkpoints, key(published["publicKey"])


def check_export_checkpoint(entries, cp, verify_key):
    """None when the export checkpoint vouches for exactly these entries, else the problem."""
    digest = hashlib.sha256(b"".join(bytes.fromhex(e["chainHash"]) for e in entries)).hexdigest()
    highest = max(entries, key=lambda e: e["sequence"]) if entries else None
    sequence = highest["sequence"] if highest else 0
    chain_hash = highest["chainHash"] if highest else "00" * 32
    if cp["entries"] != len(entries):
        return f"the export checkpoint counts {cp['entries']} entries, the export holds {len(entries)}"
    if cp["sequence"] != sequence or cp["chainHash"] != chain_hash:
        return f"the export ends at entry {sequence} but its checkpoint covers entry {cp['sequence']}"
    if cp["digest"] != digest:
        return "the export's entries do not match its checkpoint digest"
    if verify_key is not None:
        message = "palisade-export-v1\n{}\n{}\n{}\n{}\n{}\n{}".format(
            cp["chainId"], cp["sequence"], cp["chainHash"], cp["entries"], cp["digest"],
            cp["signedAt"]).encode("utf-8")
        verify_key.verify(base64.b64decode(cp["signature"]), message)
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    try:
        return run(argv)
    except Problem as p:
        print(p)
        return 1
    except zipfile.BadZipFile as e:
        print(f"the bundle is damaged: {e}")
        return 1
    except Exception as e:  # a signature that does not verify, an unreadable file
        print(f"not verified: {type(e).__name__} {e}".strip())
        return 1


def run(argv):
    manifest = None
    if zipfile.is_zipfile(argv[1]):
        manifest, text, checkpoints, verify_key = open_bundle(argv[1], argv)
        exported, export_checkpoint = parse(text)
        if export_checkpoint is None:
            raise Problem("the bundle's export does not end with its export checkpoint")
        if (export_checkpoint["entries"] != manifest["entries"]
                or export_checkpoint["chainId"] != manifest["chainId"]
                or export_checkpoint["keyId"] != manifest["keyId"]):
            raise Problem("the bundle's manifest does not match its export checkpoint")
    else:
        exported, export_checkpoint = load(argv[1])
        verify_key = verifier(argv)
        checkpoints = None
        if "--checkpoints" in argv:
            checkpoints = json.load(open(argv[argv.index("--checkpoints") + 1], encoding="utf-8"))
    if export_checkpoint is None and "--segment" not in argv:
        print("the export does not end with its export checkpoint: its tail is not proven")
        return 1
    if export_checkpoint is not None:
        problem = check_export_checkpoint(exported, export_checkpoint, verify_key)
        if problem:
            print(problem)
            return 1
    entries = sorted(exported, key=lambda e: e["sequence"])
    previous = None
    by_sequence = {}
    for e in entries:
        seq = e["sequence"]
        content = hashlib.sha256(encode(e)).digest()
        if content.hex() != e["contentHash"]:
            print(f"entry {seq}: content hash mismatch (the entry was changed)")
            return 1
        prev = bytes.fromhex(e["previousChainHash"]) if e.get("previousChainHash") else None
        if previous is not None and previous[0] == seq - 1 and prev != previous[1]:
            print(f"entry {seq}: previousChainHash does not match entry {seq - 1}")
            return 1
        if prev is None:
            print(f"entry {seq}: no previousChainHash to check the link from")
            return 1
        chain = hashlib.sha256(prev + content).digest()
        if chain.hex() != e["chainHash"]:
            print(f"broken between entries {seq - 1} and {seq}: chain hash mismatch")
            return 1
        previous = (seq, chain)
        by_sequence[seq] = e
    checked = 0
    if checkpoints is not None:
        for cp in checkpoints:
            seq = cp["sequence"]
            if verify_key is not None:
                if cp.get("version", 1) == 1:
                    message = "palisade-checkpoint-v1\n{}\n{}\n{}\n{}".format(
                        cp["chainId"], seq, cp["chainHash"], cp["signedAt"]).encode("utf-8")
                else:
                    message = "palisade-checkpoint-v2\n{}\n{}\n{}\n{}\n{}".format(
                        cp["chainId"], cp["number"], seq, cp["chainHash"],
                        cp["signedAt"]).encode("utf-8")
                verify_key.verify(base64.b64decode(cp["signature"]), message)
            if seq in by_sequence and by_sequence[seq]["chainHash"] != cp["chainHash"]:
                print(f"checkpoint at entry {seq} does not match the export")
                return 1
            checked += 1
        numbers = sorted(cp["number"] for cp in checkpoints if "number" in cp)
        if numbers and numbers != list(range(1, numbers[-1] + 1)):
            gaps = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
            print(f"checkpoints {gaps} of the chain are missing: they were deleted")
            return 1
    first = entries[0]["sequence"] if entries else 0
    last = entries[-1]["sequence"] if entries else 0
    tail = "tail not proven" if export_checkpoint is None else (
        "export checkpoint signature checked" if verify_key else "export checkpoint matches")
    what = "bundle " + manifest["id"] + " " if manifest else ""
    print(f"{what}intact: {len(entries)} entries ({first}..{last}), {checked} checkpoints checked, {tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
