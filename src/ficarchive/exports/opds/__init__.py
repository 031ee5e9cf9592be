"""The OPDS 1.2 catalog: Atom feeds that e-reader apps browse, built on Django's syndication."""
