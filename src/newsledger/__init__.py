"""newsledger: news articles in, a ledger of events out — offline, every field traceable to its words."""

__version__ = "0.1.0"
