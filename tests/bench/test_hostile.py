"""The hostile-input benchmark runs every shape at four sizes and reports its growth."""

from __future__ import annotations

import json

from ficarchive.bench.hostile import SHAPES, main


def test_bench_hostile_reports_every_shape(capsys) -> None:
    """With --json, the last line names every shape with four sizes, four times and a growth."""
    assert main(["--scale", "0.01", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["benchmark"] == "hostile"
    assert set(result["shapes"]) == set(SHAPES)
    for shape in result["shapes"].values():
        assert len(shape["sizes"]) == len(shape["seconds"]) == 4
        assert shape["sizes"][-1] == 8 * shape["sizes"][0]
        assert shape["growth"] >= 0
