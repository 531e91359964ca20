"""The one pattern every figure follows: picture, table, CSV and API from the same rows."""

import csv
import io
import json

from murmuration.pulse.figures import Column, Figure

from .conftest import History


def test_it_writes_the_tables_rows_as_csv_with_a_header_of_labels():
    figure = Figure(
        key="k",
        title="T",
        summary="S",
        columns=[Column("name", "Name"), Column("n", "Count"), Column("rate", "Rate (%)")],
        rows=[{"name": "Crew", "n": 3, "rate": None}, {"name": "Team, big", "n": 0, "rate": 50}],
    )
    assert list(csv.reader(io.StringIO(figure.csv()))) == [
        ["Name", "Count", "Rate (%)"],
        ["Crew", "3", ""],
        ["Team, big", "0", "50"],
    ]


def test_it_keeps_a_spreadsheet_from_running_a_name_as_a_formula():
    figure = Figure("k", "T", "S", [Column("name", "Name")], [{"name": "=HYPERLINK(1)"}])
    assert figure.csv().splitlines()[1] == "'=HYPERLINK(1)"


def test_it_shows_the_same_rows_on_the_page_in_the_csv_and_in_the_api(history: History):
    world = history.world
    client = world.client_for("host")
    page = client.get("/c/river-commons/pulse/").content.decode()
    api = client.get("/api/v1/communities/river-commons/pulse/nesting").json()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/c/river-commons/pulse/nesting.csv").content.decode())
        )
    )
    labels = {c["key"]: c["label"] for c in api["columns"]}
    for api_row, csv_row in zip(api["rows"], rows, strict=True):
        assert {labels[k]: "" if v is None else str(v) for k, v in api_row.items()} == csv_row
        assert f'<th scope="row" class="name">{api_row["group"]}</th>' in page
    assert len(rows) == 2


def test_it_puts_a_picture_a_table_and_a_download_in_every_figure(history: History):
    page = history.world.client_for("host").get("/c/river-commons/pulse/")
    body = page.content.decode()
    keys = ["nesting", "tempo", "attendance", "connections-groups", "unconnected"]
    for key in keys:
        assert f'id="figure-{key}"' in body
        assert f'href="/c/river-commons/pulse/{key}.csv" download' in body
        assert f'id="figure-{key}-table"' in body
    for key in keys[:-1]:
        options = page.context_data["panels"][keys.index(key)].figure.chart
        assert f'data-options="figure-{key}-options"' in body
        assert json.loads(json.dumps(options)) == options
