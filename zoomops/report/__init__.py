"""After the event: the as-run report (ledger vs plan), attendance, Q&A, polls and recording chapters."""
