"""An optional on-disk cache of fitted classifiers: numpy arrays plus JSON, never pickle.

Fitting at start-up is fast enough without it; with it, a process that starts often (``python
-m bot ask``) skips importing scipy and fitting. Entries are keyed by a fingerprint of
everything that determines the model, so a changed catalogue or code simply misses. Any
problem reading or writing the cache is ignored: it is never required.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from bot.matching.classifier import LinearClassifier
from bot.matching.features import Vectorizer

log = logging.getLogger(__name__)


KEEP = 8  # cached models kept per directory (the most recently used)
_OFF = ("off", "none", "0", "false", "no")


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """``$BOT_CACHE_DIR`` (``off`` disables caching), else ``$XDG_CACHE_HOME`` or
    ``~/.cache``, plus ``hiring-assistant-bot``."""
    env = os.environ if environ is None else environ
    explicit = env.get("BOT_CACHE_DIR", "").strip()
    if explicit.lower() in _OFF and explicit:
        return None
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
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
        clf = LinearClassifier(classes, vec, weights, bool(meta.get("softmax", False)))
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: survives pruning
        return clf
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
        _prune(cache_dir)
    except OSError as exc:
        log.debug("cannot write matcher cache in %s: %s", cache_dir, exc)


def _prune(cache_dir: Path) -> None:
    """Delete all but the KEEP most recently used cached models."""
    entries = sorted(cache_dir.glob("matcher-*.npz"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
