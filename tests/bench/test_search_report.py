"""`bench search` report: every side answers each query in the same round, in rotating order,
and the JSON carries p50 and p95 per query kind for ficarchive, the peer and naive."""

from __future__ import annotations

from ficarchive.bench.search import summarize, time_sides


def test_sides_take_turns_query_by_query_and_warm_up_alike():
    """Round 0 is a warm-up for every side (totals only); the first side rotates."""
    calls: list[tuple[str, str]] = []

    def side(name: str, total: int):
        def answer(fields: dict) -> int:
            calls.append((name, fields["q"]))
            return total

        return answer

    mix = [("text", {"q": "a"}), ("text", {"q": "b"}), ("listing", {"q": "c"})]
    sides = {
        "ficarchive": side("ficarchive", 1),
        "peer": side("peer", 1),
        "naive": side("naive", 2),
    }
    times, totals = time_sides(mix, 2, sides)
    assert totals == {"ficarchive": [1, 1, 1], "peer": [1, 1, 1], "naive": [2, 2, 2]}
    assert {name: sorted(kinds) for name, kinds in times.items()} == {
        name: ["listing", "text"] for name in sides
    }
    assert all(len(times[name]["text"]) == 4 for name in sides)  # 2 queries x 2 timed rounds
    firsts = [calls[i][0] for i in range(0, len(calls), 3)]
    assert firsts[:3] == ["ficarchive", "peer", "naive"]
    assert [q for _, q in calls[:3]] == ["a", "a", "a"]  # one query on every side, then the next


def test_the_report_has_p50_and_p95_per_kind_for_every_side():
    mix = [("text", {"text": "x"}), ("listing", {})]
    times = {
        "ficarchive": {"text": [1.0, 2.0, 3.0], "listing": [1.0]},
        "peer": {"text": [2.0, 4.0, 6.0], "listing": [1.0]},
        "naive": {"text": [10.0, 20.0, 30.0], "listing": [5.0]},
    }
    totals = {"ficarchive": [3, 7], "peer": [3, 7], "naive": [4, 7]}
    summary = summarize(mix, times, totals)
    text = summary["per_kind"]["text"]
    assert (text["p50_ms"], text["peer_p50_ms"], text["naive_p50_ms"]) == (2.0, 4.0, 20.0)
    assert (text["p95_ms"], text["peer_p95_ms"], text["naive_p95_ms"]) == (3.0, 6.0, 30.0)
    assert text["p95_vs_peer"] == 0.5
    assert summary["peer"] == "tantivy"
    assert summary["peer_totals_agree"] == "2/2"
    assert summary["totals_agree"] == "1/1"  # word queries are not compared with naive
