"""Find a model on disk or fetch it, failing fast and clearly when neither is possible."""

from __future__ import annotations

import hashlib
from pathlib import Path

from translate_check.errors import ModelError

HUB_TIMEOUT_S = 3.0
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.bin")
# What a Marian translator needs; skips TF/Flax weights and other large extras.
DOWNLOAD_PATTERNS = ["*.json", "*.spm", "*.txt", "*.safetensors", "pytorch_model.bin"]


VERIFY_ADVICE = (
    "pass --mt-file FILE with precomputed translations or --model DIR with a local model"
)
"""What ``verify`` and ``corpus`` can do instead when a model cannot be had."""


def not_downloaded(model: str, advice: str = VERIFY_ADVICE) -> ModelError:
    return ModelError(
        f"model {model} is not downloaded and the model hub cannot be reached; {advice}"
    )


def weights_revision(directory: Path) -> str:
    """Content hash of a local model's weights, so outputs of retrained models never mix."""
    files = [directory / name for name in WEIGHT_FILES if (directory / name).is_file()]
    files += sorted(directory.glob("model-*-of-*.safetensors"))
    if not files:
        raise ModelError(
            f"model directory {directory} has no weights file ({', '.join(WEIGHT_FILES)}); "
            "point --model at a complete saved model"
        )
    digest = hashlib.sha256()
    for file in files:
        with file.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return "sha256:" + digest.hexdigest()[:16]


def hub_reachable(timeout: float = HUB_TIMEOUT_S) -> bool:
    """One short request, instead of the download client's long retry loop (the HTTP
    client is imported here: only a run that may download pays for it)."""
    import urllib.error
    import urllib.request

    from huggingface_hub import constants

    try:
        request = urllib.request.Request(constants.ENDPOINT, method="HEAD")
        with urllib.request.urlopen(request, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True  # The server answered, so the network works.
    except (OSError, ValueError):
        return False


def resolve_model(model: str, *, offline: bool, advice: str = VERIFY_ADVICE) -> tuple[Path, str]:
    """Local directory and revision of ``model``: a directory, a cached hub id, or a download.

    The revision is the commit hash of a hub snapshot, or a content hash of a
    local directory's weights. ``advice`` ends each error: what the caller's
    command offers instead.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        return path, weights_revision(path)
    if path.exists() or model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise ModelError(f"model directory {model} does not exist; {advice}")

    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()  # the core never prints; callers report progress themselves

    try:
        snapshot = Path(
            snapshot_download(model, local_files_only=True, allow_patterns=DOWNLOAD_PATTERNS)
        )
    except HFValidationError as exc:
        raise ModelError(
            f"{model!r} is neither a model directory nor a valid model hub id; {advice}"
        ) from exc
    except Exception:
        if offline or not hub_reachable():
            raise not_downloaded(model, advice) from None
        try:
            snapshot = Path(snapshot_download(model, allow_patterns=DOWNLOAD_PATTERNS))
        except Exception as exc:
            raise ModelError(f"cannot download model {model}: {exc}; {advice}") from exc
    return snapshot, snapshot.name
