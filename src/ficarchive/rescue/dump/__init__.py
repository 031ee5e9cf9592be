"""Reading MySQL dumps without a database server: a streaming statement reader, and a stage
(an SQLite file) that keeps a dump's rows for lookups by key."""

from ficarchive.rescue.dump.reader import CreateTable, DumpNote, InsertRows, read_dump
from ficarchive.rescue.dump.stage import Stage, stage_open

__all__ = ["CreateTable", "DumpNote", "InsertRows", "Stage", "read_dump", "stage_open"]
