"""An optional on-disk cache of fitted classifiers: numpy arrays plus JSON, never pickle.

Fitting at start-up is fast enough without it; with it, a process that starts often (``python
-m bot ask``) skips importing scipy and fitting. Entries are keyed by a fingerprint of
everything that determines the model, so a changed catalogue or code simply misses. Any
problem reading or writing the cache is ignored: it is never required.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from bot.matching.classifier import LinearClassifier
from bot.matching.features import Vectorizer

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """``$BOT_CACHE_DIR``, else ``$XDG_CACHE_HOME/hiring-assistant-bot``, else ``~/.cache/…``."""
    explicit = os.environ.get("BOT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hiring-assistant-bot"


def load(cache_dir: Path, key: str) -> LinearClassifier | None:
    """The cached classifier for ``key``, or None if absent or unreadable."""
    path = cache_dir / f"matcher-{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
            idf = np.asarray(arrays["idf"], dtype=np.float32)
            weights = np.ascontiguousarray(arrays["weights"], dtype=np.float32)
        words = {g: i for i, g in enumerate(meta["words"])}
        offset = len(words)
        chars = {g: offset + i for i, g in enumerate(meta["chars"])}
        classes = tuple(str(c) for c in meta["classes"])
        if meta.get("key") != key or weights.shape != (offset + len(chars), len(classes)):
            raise ValueError("shape or key mismatch")
        if idf.shape != (weights.shape[0],):
            raise ValueError("idf shape mismatch")
        lo, hi = (int(x) for x in meta["char_ngrams"])
        vec = Vectorizer(words, chars, idf, float(meta["char_weight"]), (lo, hi))
        return LinearClassifier(classes, vec, weights, bool(meta.get("softmax", False)))
    except FileNotFoundError:
        return None
    except Exception as exc:  # a bad cache file must never stop the bot
        log.debug("ignoring unreadable matcher cache %s: %s", path, exc)
        return None


def save(cache_dir: Path, key: str, clf: LinearClassifier) -> None:
    """Write ``clf`` under ``key`` atomically; failures are logged at debug level and ignored."""
    vec = clf.vectorizer
    meta = {
        "key": key,
        "classes": list(clf.classes),
        "words": sorted(vec.words, key=vec.words.__getitem__),
        "chars": sorted(vec.chars, key=vec.chars.__getitem__),
        "char_weight": vec.char_weight,
        "char_ngrams": list(vec.char_ngrams),
        "softmax": clf.softmax,
    }
    blob = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".matcher-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, meta=blob, idf=vec.idf, weights=clf.weights)
            os.replace(tmp, cache_dir / f"matcher-{key}.npz")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        log.debug("cannot write matcher cache in %s: %s", cache_dir, exc)
