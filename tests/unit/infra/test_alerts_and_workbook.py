"""The alerts and the workbook query events the connector really emits, in the shape it emits them.

KQL cannot run here (no Log Analytics offline): these tests check the queries' event names against
shared.telemetry.Event, the column names against what each rule measures, and the fallback parsing of the
message text against a line produced by shared.telemetry.emit itself.
"""

from __future__ import annotations

import logging
import re

import pytest

from shared.telemetry import Event, emit
from tests.unit.infra import checks
from tests.unit.infra.bicep import INFRA, MAIN, Template, accessor_path, body, load

pytestmark = pytest.mark.unit

ALERTS = INFRA / "modules" / "alerts.bicep"
WORKBOOK = INFRA / "modules" / "workbook.bicep"
_QUOTED_EVENT = re.compile(r'"([a-z]+\.[a-z_]+)"')
_COLUMN = re.compile(r"(\w+) = coalesce\((.*?)\)(?=, \w+ = coalesce|$)")
_DIMENSION = re.compile(r'customDimensions\["(\w+)"\]')
_EXTRACT = re.compile(r'extract\(@"([^"]+)", 1, message\)')


def event_rows() -> str:
    return str(load(MAIN).variables["eventRows"]["value"])


def extractions() -> dict[str, tuple[list[str], list[str]]]:
    """Column -> (customDimensions keys, regular expressions over the message), in the order coalesce tries them."""
    columns: dict[str, tuple[list[str], list[str]]] = {}
    for match in _COLUMN.finditer(event_rows()):
        # The Bicep source escapes a backslash as \\; the deployed KQL holds one.
        sources = match.group(2).replace("\\\\", "\\")
        columns[match.group(1)] = (_DIMENSION.findall(sources), _EXTRACT.findall(sources))
    return columns


def first_extracted(patterns: list[str], message: str) -> str | None:
    for pattern in patterns:
        found = re.search(pattern, message)
        if found is not None:
            return found.group(1)
    return None


def alert_rules() -> list[dict[str, object]]:
    rules = load(ALERTS).variables["rules"]["value"]
    assert isinstance(rules, list)
    return rules


def query_text(template: Template, reference: object) -> str:
    return str(template.variables[str(reference)]["value"]) if str(reference) in template.variables else str(reference)


def test_every_event_a_query_names_is_one_the_connector_emits() -> None:
    emitted = {event.value for event in Event}
    named: set[str] = set()
    for template in (load(ALERTS), load(WORKBOOK)):
        for text in checks.queries(template):
            named |= set(_QUOTED_EVENT.findall(text))
    assert named, "no query names an event"
    assert named - emitted == set()


def test_the_alerts_cover_what_an_edi_team_must_act_on() -> None:
    alerts = load(ALERTS)
    covered: dict[str, set[str]] = {}
    for rule in alert_rules():
        text = query_text(alerts, rule["query"])
        covered[str(rule["name"])] = set(_QUOTED_EVENT.findall(text))
    assert Event.DOCUMENT_FAILED.value in covered["documents-failed"]
    assert Event.DOCUMENT_POISONED.value in covered["documents-poisoned"]
    assert Event.ACK_OVERDUE.value in covered["acknowledgments-overdue"]
    assert Event.DYNAMICS_THROTTLED.value in covered["dynamics-throttling-sustained"]
    assert Event.POLL_COMPLETED.value in covered["polling-stopped"]
    assert Event.SWEEP_COMPLETED.value in covered["sweep-stopped"]


@pytest.mark.parametrize("rule", alert_rules(), ids=lambda rule: str(rule["name"]))
def test_each_rule_measures_and_splits_by_columns_its_query_produces(rule: dict[str, object]) -> None:
    text = query_text(load(ALERTS), rule["query"])
    assert f"summarize {rule['measure']} = " in text
    by_clause = text.rsplit(" by ", 1)[1] if " by " in text.split("summarize", 1)[1] else ""
    split_by = load(ALERTS).variables["splitBy"]["value"]
    assert isinstance(split_by, dict)
    for reference in rule["dimensions"]:
        path = str(accessor_path(reference))
        assert path.startswith("splitBy.")
        dimension = split_by[path.removeprefix("splitBy.")]
        assert dimension["operator"] == "Include"
        assert re.search(rf"\b{dimension['name']}\b", by_clause), (
            f"{dimension['name']} is not a column of the summarize"
        )
    assert rule["severity"] in {0, 1, 2, 3, 4}
    assert rule["operator"] in {"GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual", "Equal"}


def test_rules_notify_the_action_group_and_resolve_themselves() -> None:
    alerts = load(ALERTS)
    properties = body(alerts.resources["alertRules"])["properties"]
    assert isinstance(properties, dict)
    assert properties["actions"] == {"actionGroups": "actionGroups"}
    assert properties["autoMitigate"] is True
    assert accessor_path(properties["criteria"]["allOf"][0]["dimensions"]) == "rule.dimensions"
    assert properties["scopes"] == ["appInsightsId"]
    assert len({rule["name"] for rule in alert_rules()}) == len(alert_rules())


def test_the_fallback_parsing_reads_a_line_written_by_telemetry_emit(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ml_connector")
    emit(
        Event.DOCUMENT_FAILED,
        "no item for the buyer's part number",
        dimensions={"flow": "inbound_850", "partner": "BIGBOX", "key": "BIGBOX/PO-4711"},
    )
    record = caplog.records[-1]
    message = record.getMessage()
    columns = extractions()
    assert set(columns) == {"event_name", "flow", "partner", "doc_key"}
    expected = {
        "event_name": "document.failed",
        "flow": "inbound_850",
        "partner": "BIGBOX",
        "doc_key": "BIGBOX/PO-4711",
    }
    for column, (dimensions, patterns) in columns.items():
        assert first_extracted(patterns, message) == expected[column], column
        # With OpenTelemetry on, the log record's attributes become customDimensions under the same names.
        assert [getattr(record, d) for d in dimensions if hasattr(record, d)][:1] == [expected[column]], column


def test_the_runtime_journals_natural_key_is_read_as_the_document_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ml_connector")
    emit(Event.DOCUMENT_DONE, "delivered", dimensions={"flow": "outbound_856", "natural_key": "usmf/PS-0042"})
    record = caplog.records[-1]
    dimensions, patterns = extractions()["doc_key"]
    assert first_extracted(patterns, record.getMessage()) == "usmf/PS-0042"
    assert [getattr(record, d) for d in dimensions if hasattr(record, d)] == ["usmf/PS-0042"]


def test_the_fallback_parsing_keeps_the_last_dimension_free_of_the_closing_bracket(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ml_connector")
    emit(Event.ACK_OVERDUE, "no 997 within 24h", dimensions={"partner": "ACME"})
    message = caplog.records[-1].getMessage()
    _, patterns = extractions()["partner"]
    assert first_extracted(patterns, message) == "ACME"


def test_the_workbook_shows_documents_per_flow_and_partner_failures_and_ack_latency() -> None:
    workbook = load(WORKBOOK)
    queries = workbook.variables["queries"]["value"]
    assert isinstance(queries, dict)
    assert '"document.done"' in queries["moved"]
    assert "by flow, partner" in queries["moved"]
    assert '"document.failed"' in queries["failures"]
    assert '"document.poisoned"' in queries["failures"]
    latency = str(workbook.variables[str(queries["ackLatency"])]["value"])
    assert '"ack.received"' in latency
    assert '"document.done"' in latency
    assert "join kind=inner (sent) on flow, doc_key" in latency
    assert "percentile(latency_minutes, 95)" in latency
    panels = workbook.variables["panels"]["value"]
    assert isinstance(panels, list)
    shown = {accessor_path(panel["query"]) for panel in panels}
    assert shown == {f"queries.{name}" for name in queries}, "every query is shown, and only those"
    resource = body(workbook.resources["workbook"])
    assert resource["kind"] == "shared"
    serialized = resource["properties"]["serializedData"]
    assert serialized["function"]["type"] == "string"
