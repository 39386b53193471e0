"""The worker side of Warta: feeds in, articles stored.

``sources`` and ``topics`` load the catalogues in ``seeds/`` and ``sites`` the per-site reading
rules; ``fetch`` owns the one shared httpx client; ``feeds`` parses feeds with feedparser;
``urls`` canonicalizes links; ``dedupe`` finds duplicates and story clusters; ``ingest`` runs
feed → article → clean text → summary → store off the event loop; ``role`` is the worker
process itself (claimed feeds, fan-out, and in the elected worker the sender and schedules).
"""
