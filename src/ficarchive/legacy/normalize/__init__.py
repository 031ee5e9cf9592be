"""Normalization into AO3's vocabulary: one small module per kind of value.

`apply_fields` maps the header's canonical fields onto a `ParsedWork`, one named rule per field;
each rule runs inside `run_rule`, so that a failure becomes a diagnostic and the rest still runs.
"""
