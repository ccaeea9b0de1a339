"""The stuffing simulation of `make bench` (bench/stuffing.py, decisions 246) at a tenth of its size: the report
catches the catch-all cluster (and no honest voter), voiding it makes the stored ranking stale, and the recomputed
ranking is the honest one again. Everything it wrote is rolled back."""

import pytest

from bench.stuffing import simulate
from scoring.models import Ballot

pytestmark = pytest.mark.django_db


def test_the_cluster_is_caught_and_voiding_it_returns_the_ranking():
    out = simulate(identities=200, submissions=5, honest=60)
    assert out["ballot_writes"] == 1000
    assert out["stuffed_winner"] != out["honest_winner"]  # the stuffing bought the first place
    assert "domain" in out["patterns"]
    assert out["cluster_caught"] == 200 and out["honest_flagged"] == 0 and out["voided"] == 200
    assert out["stale_after_void"] is True
    assert out["ranking_returned"] is True and out["returned_winner"] == out["honest_winner"]
    assert out["applications_untouched"] is True
    assert not Ballot.objects.exists()  # rolled back
