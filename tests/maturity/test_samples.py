from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from apsperf.maturity import load_samples, rollup, sample_files

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_sample_maturity.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_maturity", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_samples_are_what_the_script_generates() -> None:
    generated = load_script().generate()
    committed = {f.name: f.read_text("utf-8") for f in sample_files()}
    assert committed == generated


def test_the_script_is_deterministic() -> None:
    script = load_script()
    assert script.generate() == script.generate()


def test_samples_are_a_varied_set_of_fifteen_to_twenty_agencies() -> None:
    samples = load_samples()
    assert 15 <= len(samples) <= 20
    assert len({s.agency for s in samples}) == len(samples)
    assert any(not s.is_complete for s in samples)
    result = rollup(samples)
    assert result.agency_count == len(samples)
    assert result.below_threshold
    for distribution in result.distributions:
        assert sum(1 for count in distribution.counts if count) >= 3


def test_sample_records_are_consistent() -> None:
    for sample in load_samples():
        record = sample.record
        assert record.self_assessed_on == sample.assessed_on
        assert record.commenced_on is not None
        assert record.commenced_on <= sample.assessed_on
        if record.reported_on is not None:
            assert record.reported_on >= sample.assessed_on


def test_every_sample_is_marked_synthetic_in_its_file() -> None:
    samples = load_samples()
    assert samples and all(s.synthetic for s in samples)
    for file in sample_files():
        assert '"synthetic": true' in file.read_text("utf-8")
