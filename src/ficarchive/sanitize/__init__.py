"""One home for cleaning what comes in from outside: the HTML policies (nh3) that stored bodies,
comments, pages and EPUBs use, and the text cleaning (control characters, non-characters) that
every entry point applies. Pure Python, no Django: the legacy reader may use it too."""
