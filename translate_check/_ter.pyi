from collections.abc import Sequence

def edits(hyp_ids: Sequence[int], ref_ids: Sequence[int], /) -> int:
    """Tercom edits, shifts included, turning the hypothesis into the reference."""
