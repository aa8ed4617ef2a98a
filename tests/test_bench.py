"""The benchmark's pure helpers (bench/figures.py, bench/adversarial.py): no servers, no timing."""
from bench.adversarial import LENGTHS, MAX_CHARS, messages
from bench.figures import Row, Target, count_text, cpu_share, percentile, ratio, seconds_text, summary, table


def test_percentile_nearest_rank_and_empty():
    assert percentile([], 0.95) == 0.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile(list(range(101)), 0.95) == 95


def test_summary_counts_replies_per_second_from_successful_requests_only():
    figures = summary([0.1, 0.2, 0.3], errors=2, seconds=1.0, skipped=1)
    assert figures["requests"] == 5 and figures["ok"] == 3 and figures["errors"] == 2
    assert figures["replies_per_s"] == 3.0
    assert figures["throughput_per_s"] == 4.0  # the skipped request was never sent
    assert round(figures["p50_ms"]) == 200


def test_ratio_and_targets():
    assert ratio(1.0, 4.0) == 0.25
    assert ratio(1.0, 0) is None and ratio(None, 1.0) is None
    assert Target(at_most=0.5).verdict(5, 10) == "met"
    assert Target(at_most=0.5).verdict(6, 10) == "missed"
    assert Target(at_least=2).verdict(20, 10) == "met"
    assert Target(at_least=2).verdict(19, 10) == "missed"
    assert Target(at_most=0, on_ratio=False).verdict(0, 3) == "met"
    assert Target(at_most=0, on_ratio=False).verdict(1, 0) == "missed"
    assert Target(at_most=0.5).verdict(None, 10) == "n/a"


def test_table_has_a_line_per_row_and_marks_missed_targets():
    lines = table([Row("training", 30.0, 60.0, seconds_text, Target(at_most=0.5)),
                   Row("errors", 1, 0, count_text, Target(at_most=0, on_ratio=False), show_ratio=False)])
    assert len(lines) == 4
    assert lines[2] == "| training | 30.0 s | 60.0 s | 0.50× | ≤ 0.5× | met |"
    assert lines[3] == "| errors | 1 | 0 |  | 0 | **missed** |"


def test_cpu_share_splits_ours_from_the_rest():
    figures = cpu_share(busy_ticks=300, own_ticks=200, wall_seconds=2.0, ticks_per_second=100)
    assert figures == {"all_cores": 1.5, "measured_cores": 1.0, "other_cores": 0.5}


def test_adversarial_messages_stay_within_the_channel_limit():
    kinds = messages()
    assert len(kinds) >= 5
    for kind, texts in kinds.items():
        assert list(texts) == list(LENGTHS)
        for length, text in texts.items():
            assert 0.9 * length <= len(text) <= min(length, MAX_CHARS), (kind, length, len(text))
    assert " " not in kinds["one long word"][MAX_CHARS]
    assert not any(mark in kinds["story without punctuation"][MAX_CHARS] for mark in ".,?!")
