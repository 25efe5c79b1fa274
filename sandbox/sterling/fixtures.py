"""``tradingpartners`` and ``codelists``: read-only fixtures for the seed partners.

B2Bi's trading partner resource carries no EDI interchange ids (sterling.md §8), so the partners' ISA / UNB
identifiers are published the way real installations do it: in a code list, one code per partner.
"""

from __future__ import annotations

from sandbox.seed.partners import PARTNERS, SandboxPartner
from sandbox.sterling.api import Call, item_metadata
from sandbox.sterling.wire import ApiCode, ApiError, JsonObject, coded, like, render_date
from sandbox.web import JsonValue, Response

__all__ = ["PARTNER_CODE_LIST", "codelist_one", "codelists", "tradingpartner_one", "tradingpartners"]

PARTNER_CODE_LIST = "ML_PARTNER_EDI_IDS"
_CODE_LIST_VERSION = 1
_CODE_LIST_ID = f"{PARTNER_CODE_LIST}|||{_CODE_LIST_VERSION}"


def _partner_view(call: Call, partner: SandboxPartner) -> JsonObject:
    item = item_metadata(call, "tradingpartners", partner.code, "TradingPartner")
    country = "DE" if partner.legal_entity == "demf" else "US"
    item.update(
        {
            "partnerName": partner.code,
            "code": partner.code,
            "username": partner.code.lower(),
            "givenName": partner.name,
            "surname": "EDI Desk",
            "emailAddress": f"edi@{partner.code.lower()}.example",
            "phone": "+49 40 5550100" if country == "DE" else "+1 555 0100",
            "community": "ml-connector retail",
            "authenticationType": coded("Local"),
            "countryOrRegion": coded(country),
            "mailbox": f"/{partner.code}",
            "doesUseSSH": coded(False),
            "useGlobalMailbox": coded(False),
            "isInitiatingConsumer": coded(False),
            "isInitiatingProducer": coded(True),
            "isListeningConsumer": coded(False),
            "isListeningProducer": coded(False),
            "sessionTimeout": 15,
        }
    )
    return item


def tradingpartners(call: Call) -> Response:
    search = call.query("searchFor")
    found = [p for p in PARTNERS if not search or like(p.code, search, substring=True)]
    return call.list_answer(found, lambda partner: _partner_view(call, partner), "trading partners")


def tradingpartner_one(call: Call) -> Response:
    wanted = call.params["id"]
    for partner in PARTNERS:
        if partner.code == wanted:
            return Response.json(_partner_view(call, partner))
    raise ApiError(404, ApiCode.NOT_FOUND, f"Trading partner '{wanted}' does not exist")


def _code_list_view(call: Call) -> JsonObject:
    codes: list[JsonValue] = [
        {
            "senderCode": partner.code,
            "receiverCode": partner.interchange_id,
            "description": partner.name,
            "text1": partner.qualifier,
            "text2": partner.group_id,
            "text3": partner.standard,
            "text4": partner.version,
            "text5": partner.legal_entity,
        }
        for partner in PARTNERS
    ]
    item = item_metadata(call, "codelists", _CODE_LIST_ID, "CodeList")
    item.update(
        {
            "codeListName": PARTNER_CODE_LIST,
            "versionNumber": _CODE_LIST_VERSION,
            "comments": "Trading partner EDI identifiers: receiverCode = ISA06/UNB id, text1 = qualifier, "
            "text2 = GS id, text3 = standard, text4 = version, text5 = legal entity",
            "createDate": render_date(call.services.store.created_at, call.behaviour.zone),
            "userName": "admin",
            "listStatus": coded(1, "Active"),
            "codes": codes,
        }
    )
    return item


def codelists(call: Call) -> Response:
    search = call.query("searchFor")
    found = [PARTNER_CODE_LIST] if not search or like(PARTNER_CODE_LIST, search, substring=True) else []
    return call.list_answer(found, lambda _: _code_list_view(call), "code lists")


def codelist_one(call: Call) -> Response:
    wanted = call.params["id"]
    if wanted not in (_CODE_LIST_ID, PARTNER_CODE_LIST):
        raise ApiError(404, ApiCode.NOT_FOUND, f"Code list '{wanted}' does not exist")
    return Response.json(_code_list_view(call))
