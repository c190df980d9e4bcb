"""The store's writes, by subject, over one write queue (see :mod:`.queue`):
:mod:`.documents`, :mod:`.entities` (with the context encoding of :mod:`.context`),
:mod:`.clusters` and :mod:`.corrections`. :class:`~storyline.store.repository.Repository`
joins them."""
