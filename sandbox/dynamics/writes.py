"""Writes through ``/data``: POST (201 + full record), PATCH/PUT and DELETE (204), with ETag checks.

Number-sequence keys are filled when a POST leaves them empty; posted documents and read-only entities refuse
changes; a PATCH/DELETE of a missing key answers 400 "No resources were found when selecting for update."
(reference §3.7).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.errors import ODataFault, no_resources_for_update, odata_error, write_failed
from sandbox.dynamics.model import EntitySet
from sandbox.dynamics.rules import RULES, Infolog, RuleContext
from sandbox.dynamics.store import INDEXED, Row, Store, row_key
from sandbox.dynamics.values import FieldValue
from sandbox.web import JsonValue

__all__ = ["Writer"]

# Children removed with their parent (X++ delete actions).
_CASCADE = {
    "SalesOrderHeadersV2": "SalesOrderLines",
    "PurchaseOrderHeadersV2": "PurchaseOrderLinesV2",
    "CustomerPaymentJournalHeaders": "CustomerPaymentJournalLines",
    "VendorPaymentJournalHeaders": "VendorPaymentJournalLines",
}
# Lines whose header's IsPosted decides whether they can still change.
_POSTED_PARENT = {
    "CustomerPaymentJournalLines": "CustomerPaymentJournalHeaders",
    "VendorPaymentJournalLines": "VendorPaymentJournalHeaders",
}


def _body_object(body: JsonValue) -> dict[str, JsonValue]:
    if not isinstance(body, dict):
        raise ODataFault(odata_error(400, "The request body must be a JSON object describing one entity."))
    return body


def _read_only(entity: EntitySet) -> ODataFault:
    # ASSUMPTION (ADR 0220): the wording and status for a write to an IsReadOnly entity were not captured.
    return ODataFault(
        odata_error(
            400,
            "An error has occurred.",
            f"Entity '{entity.aot_name}' is read-only. Create, update and delete operations are not allowed.",
            "Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataException",
        )
    )


@dataclass
class Writer:
    store: Store
    default_company: str
    clock: Callable[[], datetime]

    def _convert(self, entity: EntitySet, body: dict[str, JsonValue]) -> dict[str, FieldValue]:
        values: dict[str, FieldValue] = {}
        for name, raw in body.items():
            if name.startswith("@") or "@odata." in name:
                continue
            prop = entity.by_name.get(name)
            if prop is None:
                raise ODataFault(
                    odata_error(
                        400,
                        f"The property '{name}' does not exist on type '{entity.qualified_type}'. Make sure to only "
                        "use property names that are defined by the type or mark the type as open type.",
                    )
                )
            try:
                values[name] = prop.from_json(raw)
            except ValueError as exc:
                raise ODataFault(odata_error(400, str(exc))) from exc
        if "dataAreaId" in values and isinstance(values["dataAreaId"], str):
            values["dataAreaId"] = values["dataAreaId"].lower()
        return values

    def _run_rules(self, entity: EntitySet, values: dict[str, FieldValue], ctx: RuleContext, operation: str) -> None:
        rule = RULES.get(entity.name)
        if rule is None:
            return
        try:
            rule(ctx, values)
        except Infolog as info:
            raise ODataFault(write_failed(entity.aot_name, info.lines, operation=operation)) from info

    def _guard_posted(self, entity: EntitySet, values: dict[str, FieldValue]) -> None:
        if values.get("IsPosted") == "Yes":
            raise ODataFault(
                write_failed(entity.aot_name, [f"Error: The document {entity.name} is posted and cannot be changed."])
            )
        parent_name = _POSTED_PARENT.get(entity.name)
        if parent_name:
            parent = ENTITY_SETS[parent_name]
            row = self.store.get(parent, row_key(parent, {k: values[k] for k in parent.keys}))
            if row is not None and row.values["IsPosted"] == "Yes":
                raise ODataFault(
                    write_failed(
                        entity.aot_name,
                        [f"Error: Journal {values['JournalBatchNumber']} has been posted and cannot be changed."],
                    )
                )

    def create(
        self, entity: EntitySet, body: JsonValue, *, bound: dict[str, FieldValue] | None = None, by_client: bool = True
    ) -> Row:
        if entity.read_only:
            raise _read_only(entity)
        given = self._convert(entity, _body_object(body))
        values: dict[str, FieldValue] = {p.name: p.default() for p in entity.properties}
        if entity.company_scoped:
            values["dataAreaId"] = self.default_company
        values.update(bound or {})
        values.update(given)
        with self.store.transaction():
            self._fill_number(entity, values)
            ctx = RuleContext(self.store, self.clock(), creating=True, given=frozenset(given) | frozenset(bound or {}))
            self._run_rules(entity, values, ctx, "Create")
            try:
                row = self.store.insert(entity, values, by_client=by_client)
            except KeyError as exc:
                shown = ", ".join(str(values[k]) for k in entity.keys)
                raise ODataFault(
                    write_failed(
                        entity.aot_name,
                        [
                            f"Info: Cannot create a record in {entity.type_name} ({entity.aot_name}). {shown}.\n"
                            "The record already exists."
                        ],
                        status=500,
                    )
                ) from exc
            if entity.name == "SalesOrderLines":
                amount = row.values["LineAmount"]
                self.adjust_sales_total(row.values, amount if isinstance(amount, Decimal) else Decimal(0))
            return row

    def _fill_number(self, entity: EntitySet, values: dict[str, FieldValue]) -> None:
        sequence = entity.number_sequence
        if sequence is None or values.get(sequence.field) not in ("", 0, None):
            return
        company = str(values.get("dataAreaId", ""))
        if sequence.numeric:
            values[sequence.field] = self.store.next_rec_id()
            return
        n = self.store.next_number(f"{entity.name}.{sequence.field}", company)
        values[sequence.field] = sequence.pattern.format(company=company.upper(), n=n)

    def _existing(self, entity: EntitySet, key: dict[str, FieldValue]) -> Row:
        row = self.store.get(entity, row_key(entity, key))
        if row is None:
            raise ODataFault(no_resources_for_update())
        return row

    @staticmethod
    def _check_etag(row: Row, if_match: str | None) -> None:
        if if_match is None or if_match.strip() == "*":
            return
        if row.etag not in [tag.strip() for tag in if_match.split(",")]:
            # ASSUMPTION (ADR 0220): F&O's answer to a stale If-Match was not captured; OData says 412.
            raise ODataFault(
                odata_error(
                    412,
                    "The ETag value in the request header does not match with the current ETag value of the object.",
                )
            )

    def update(self, entity: EntitySet, key: dict[str, FieldValue], body: JsonValue, if_match: str | None) -> Row:
        if entity.read_only:
            raise _read_only(entity)
        changes = self._convert(entity, _body_object(body))
        with self.store.transaction():
            row = self._existing(entity, key)
            self._check_etag(row, if_match)
            self._guard_posted(entity, row.values)
            for name in entity.keys:
                if name in changes and str(changes[name]).lower() != str(row.values[name]).lower():
                    raise ODataFault(odata_error(400, f"The key property '{name}' cannot be changed."))
            values = {**row.values, **changes}
            ctx = RuleContext(
                self.store, self.clock(), creating=False, previous=dict(row.values), given=frozenset(changes)
            )
            self._run_rules(entity, values, ctx, "Update")
            before = row.values.get("LineAmount")
            updated = self.store.update(entity, row, values)
            after = updated.values.get("LineAmount")
            if entity.name == "SalesOrderLines" and isinstance(before, Decimal) and isinstance(after, Decimal):
                self.adjust_sales_total(updated.values, after - before)
            return updated

    def delete(self, entity: EntitySet, key: dict[str, FieldValue], if_match: str | None) -> None:
        if entity.read_only:
            raise _read_only(entity)
        with self.store.transaction():
            row = self._existing(entity, key)
            self._check_etag(row, if_match)
            self._guard_posted(entity, row.values)
            cascade = _CASCADE.get(entity.name)
            if cascade:
                child = ENTITY_SETS[cascade]
                parent = str(row.values[INDEXED[cascade]])
                for child_row in self.store.children(child, str(row.values["dataAreaId"]), parent):
                    self.store.delete(child, child_row)
            self.store.delete(entity, row)
            if entity.name == "SalesOrderLines":
                amount = row.values["LineAmount"]
                self.adjust_sales_total(row.values, -(amount if isinstance(amount, Decimal) else Decimal(0)))

    def adjust_sales_total(self, line: dict[str, FieldValue], delta: Decimal) -> None:
        """Keep the header's OrderTotalAmount equal to the sum of its lines' LineAmount."""
        headers = ENTITY_SETS["SalesOrderHeadersV2"]
        key = {"dataAreaId": line["dataAreaId"], "SalesOrderNumber": line["SalesOrderNumber"]}
        header = self.store.get(headers, row_key(headers, key))
        if header is not None:
            total = header.values["OrderTotalAmount"]
            new_total = (total if isinstance(total, Decimal) else Decimal(0)) + delta
            self.store.update(headers, header, {"OrderTotalAmount": new_total})
