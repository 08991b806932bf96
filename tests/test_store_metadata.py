"""The store explains itself: Datasette's metadata, generated from the schemas."""
import json

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.store import open_store
from pipeline.store.metadata import metadata
from tests.test_store_safety import _fill


def test_every_column_of_every_table_and_view_is_described(tmp_path):
    db = tmp_path / "baocao.db"
    with open_store(db) as store:
        _fill(store)
        columns = store.columns()
    result = CliRunner().invoke(cli, ["metadata", "--db", str(db)])
    assert result.exit_code == 0
    tables = json.loads(result.output)["databases"]["baocao"]["tables"]
    assert tables == metadata("baocao", columns)["databases"]["baocao"]["tables"]
    undescribed = {t: [c for c in columns[t] if not tables[t]["columns"].get(c)]
                   for t in tables}
    assert {t: c for t, c in undescribed.items() if c} == {}
    assert set(tables) >= {"documents", "counts", "flags", "decisions", "counts_effective"}
    assert all(t["description"] for t in tables.values())


def test_descriptions_come_from_the_schemas_comments():
    counts = metadata()["databases"]["baocao"]["tables"]["counts"]["columns"]
    # a field's description (its English half) where the schema gives one, else its comment
    assert counts["total_id"] == "for a part: the id of its total"
    assert counts["list_id"] == "the per-unit list the figure is an item of"
    assert counts["qualifiers_planned"] == "1: a target for the next period, not a figure of " \
                                          "the period"
    assert counts["qualifiers_implied"] == "1: one event implied by an ordinal, no figure stated"
    decisions = metadata()["databases"]["baocao"]["tables"]["decisions"]["columns"]
    assert decisions["follows"].startswith("seq of the latest decision on the flag")
