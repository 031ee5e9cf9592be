"""ficarchive: a fan-fiction archive that reads legacy fan fiction well."""

__version__ = "0.1.0"
