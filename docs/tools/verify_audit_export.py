#!/usr/bin/env python3
"""Verify a Palisade audit export (NDJSON or JSON) offline, from the specification alone.

Usage:
  verify_audit_export.py EXPORT [--public-key BASE64] [--checkpoints CHECKPOINTS.json] [--segment]

Recomputes every entry's content hash (encoding palisade-audit-entry-v1, see
docs/audit-chain.md), checks each chain link against previousChainHash and against the
entry before it, and checks the export checkpoint that ends every export: the number of
entries, the digest of their chain hashes and the highest entry it names. With the install's
Ed25519 public key it also checks the export checkpoint's signature and, given the chain's
checkpoints, each checkpoint's signature (needs the 'cryptography' package) and that each
matches the exported chain hash at its sequence. --segment accepts lines cut out of an export
without its export checkpoint: their tail is then not proven.

Exit status 0 when everything checks out, 1 with the first problem printed otherwise.
"""
import base64
import hashlib
import json
import struct
import sys

MAGIC = b"palisade-audit-entry-v1"
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
    """The entries of an export and its export checkpoint (None when there is none)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
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
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    raw = base64.b64decode(argv[argv.index("--public-key") + 1])
    return Ed25519PublicKey.from_public_bytes(raw)


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
    exported, export_checkpoint = load(argv[1])
    verify_key = verifier(argv)
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
    if "--checkpoints" in argv:
        checkpoints = json.load(open(argv[argv.index("--checkpoints") + 1], encoding="utf-8"))
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
    print(f"intact: {len(entries)} entries ({first}..{last}), {checked} checkpoints checked, {tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
