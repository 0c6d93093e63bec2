"""Accepted findings: a baseline file lists the flags a team has decided to live with.

A finding's id hashes the document name, the flag type and the flagged English
(normalised), not pair numbers or offsets, so it survives edits elsewhere in the
document and changes only when the flagged text itself changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from translate_check.errors import InputError
from translate_check.io import atomic_write_text, normalize
from translate_check.model import Flag, Pair
from translate_check.results import Finding

FORMAT = "translate-check-baseline/v1"


def flagged_text(pair: Pair, flag: Flag) -> str:
    """The English the flag points at (the Hebrew when the English is missing)."""
    if flag.tgt_spans and pair.tgt_text:
        return " … ".join(pair.tgt_text[a:b] for a, b in flag.tgt_spans)
    return pair.tgt_text or pair.src_text


def finding_id(document: str, pair: Pair, flag: Flag) -> str:
    text = " ".join(normalize(flagged_text(pair, flag)).casefold().split())
    digest = hashlib.sha256("\0".join((document, flag.type, text)).encode("utf-8"))
    return digest.hexdigest()[:16]


def read_baseline(path: Path) -> frozenset[str]:
    """Ids of the accepted findings.

    A named baseline that is missing is an error: accepting nothing would make
    every finding "new" without saying why.
    """
    if not path.exists():
        raise InputError(
            f"baseline {path} does not exist; check the path, or create it with --write-baseline"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"expected format {FORMAT}")
        return frozenset(str(f["id"]) for f in data["findings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"baseline {path} is not a translate-check baseline ({exc})") from exc


def write_baseline(path: Path, findings: Iterable[Finding]) -> None:
    """Accept every given finding; entries keep their text so reviews can read the file."""
    entries = {
        f.id: {
            "id": f.id,
            "document": f.document,
            "type": f.flag.type,
            "text": flagged_text(f.pair, f.flag),
        }
        for f in findings
    }
    data = {"format": FORMAT, "findings": sorted(entries.values(), key=lambda e: e["id"])}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
