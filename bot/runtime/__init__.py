"""Running Warta: the application and its lifecycle (``app``), the process roles and how they
start (``runner``, ``worker``), the ingestion poll and fan-out schedule (``polling``), the
services container (``services``), and ``/metrics`` and ``/healthz`` (``ops_server``,
``health``).

The top of the application: may import every other layer.
"""
