"""Ingestion: any source of postings in, normalised :class:`Posting` records out.

One path serves ``kb build`` and ``openings sync`` (and the scheduled syncs of ``sources``):

- :mod:`bot.ingest.sources` parses a ``SOURCE`` (``greenhouse:BOARD``, ``lever:SITE``,
  ``lever-eu:SITE``, ``ashby:BOARD``, ``workable:ACCOUNT``, an ``https://`` careers or job page
  with schema.org ``JobPosting`` JSON-LD, or a folder or file of postings) and fetches it;
- :mod:`bot.ingest.boards` and :mod:`bot.ingest.jsonld` turn each API's JSON into postings,
  :mod:`bot.ingest.files` walks folders (with the corpus ``MANIFEST.tsv``);
- :mod:`bot.ingest.http` is the HTTP client (httpx: timeouts, retries with backoff on 429/5xx
  honouring ``Retry-After``, conditional requests, a clear User-Agent);
- :mod:`bot.ingest.build` turns a posting into a knowledge :class:`~bot.knowledge.schema.Role`
  (the knowledge builder, then the source's structured fields as facts), on a process pool.
"""

from bot.ingest.posting import Pay, Posting

__all__ = ["Pay", "Posting"]
