"""One module per reader feature, each with a ``register(application)``; the order they are
registered in is :func:`bot.runtime.app.register_handlers`. The chat layer's rules apply
(see :mod:`bot.chat`)."""
