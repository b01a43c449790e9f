#!/usr/bin/env python3
"""Verify a Palisade audit export (NDJSON or JSON) offline, from the specification alone.

Usage:
  verify_audit_export.py EXPORT [--public-key BASE64 --checkpoints CHECKPOINTS.json]

Recomputes every entry's content hash (encoding palisade-audit-entry-v1, see
docs/audit-chain.md), checks each chain link against previousChainHash and against the
entry before it, and, when given the install's Ed25519 public key and the checkpoints of the
chain, checks every checkpoint signature (needs the 'cryptography' package) and that each
checkpoint matches the exported chain hash at its sequence.

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
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("{\"chainId\"") and "\"entries\"" in text[:200]:
        return json.loads(text)["entries"]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    entries = sorted(load(argv[1]), key=lambda e: e["sequence"])
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
        verify_key = None
        if "--public-key" in argv:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
            raw = base64.b64decode(argv[argv.index("--public-key") + 1])
            verify_key = Ed25519PublicKey.from_public_bytes(raw)
        for cp in checkpoints:
            seq = cp["sequence"]
            if verify_key is not None:
                message = "palisade-checkpoint-v1\n{}\n{}\n{}\n{}".format(
                    cp["chainId"], seq, cp["chainHash"], cp["signedAt"]).encode("utf-8")
                verify_key.verify(base64.b64decode(cp["signature"]), message)
            if seq in by_sequence and by_sequence[seq]["chainHash"] != cp["chainHash"]:
                print(f"checkpoint at entry {seq} does not match the export")
                return 1
            checked += 1
    first = entries[0]["sequence"] if entries else 0
    last = entries[-1]["sequence"] if entries else 0
    print(f"intact: {len(entries)} entries ({first}..{last}), {checked} checkpoints checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
