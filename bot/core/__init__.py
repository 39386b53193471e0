"""What every layer shares: models, settings, the catalogues (topics, sources, site rules),
matching an article to subscriptions, URLs, near-duplicate signatures, log redaction and the
metric counters.

Imports only ``summaries`` and libraries; never Telegram, storage or any other layer.
"""
