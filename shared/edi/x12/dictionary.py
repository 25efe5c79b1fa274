"""The X12 data dictionary the engine needs: data elements (type, length), segments (element lists with
mandatory flags) and the code values of coded elements. Covers the envelopes and the 850, 810, 856, 820,
997 and 999 segments in 004010 and 005010; unlisted segments are read and written, but only named raw.

Element lists are the union of 004010 and 005010 (5010 only adds trailing elements), so one table serves both;
``V5010_MAX`` holds the lengths 5010 widened.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ELEMENTS", "SEGMENTS", "V5010_MAX", "ElementDef", "SegmentDef", "segment_def"]


@dataclass(frozen=True, slots=True)
class ElementDef:
    ref: str
    name: str
    kind: str  # AN, ID, DT, TM, R, N0..N9, or C (composite, checked as text)
    min_len: int
    max_len: int


@dataclass(frozen=True, slots=True)
class SegmentDef:
    tag: str
    name: str
    elements: tuple[tuple[ElementDef, bool], ...]  # (definition, mandatory)


# ref: name, type, min, max
_E: dict[str, tuple[str, str, int, int]] = {
    "I01": ("Authorization Information Qualifier", "ID", 2, 2),
    "I02": ("Authorization Information", "AN", 10, 10),
    "I03": ("Security Information Qualifier", "ID", 2, 2),
    "I04": ("Security Information", "AN", 10, 10),
    "I05": ("Interchange ID Qualifier", "ID", 2, 2),
    "I06": ("Interchange Sender ID", "AN", 15, 15),
    "I07": ("Interchange Receiver ID", "AN", 15, 15),
    "I08": ("Interchange Date", "DT", 6, 6),
    "I09": ("Interchange Time", "TM", 4, 4),
    "I10": ("Repetition Separator / Standards Identifier", "AN", 1, 1),
    "I11": ("Interchange Control Version Number", "ID", 5, 5),
    "I12": ("Interchange Control Number", "N0", 9, 9),
    "I13": ("Acknowledgment Requested", "ID", 1, 1),
    "I14": ("Interchange Usage Indicator", "ID", 1, 1),
    "I15": ("Component Element Separator", "AN", 1, 1),
    "I16": ("Number of Included Functional Groups", "N0", 1, 5),
    "I17": ("Interchange Acknowledgment Code", "ID", 1, 1),
    "I18": ("Interchange Note Code", "ID", 3, 3),
    "479": ("Functional Identifier Code", "ID", 2, 2),
    "142": ("Application Sender's Code", "AN", 2, 15),
    "124": ("Application Receiver's Code", "AN", 2, 15),
    "373": ("Date", "DT", 8, 8),
    "337": ("Time", "TM", 4, 8),
    "28": ("Group Control Number", "N0", 1, 9),
    "455": ("Responsible Agency Code", "ID", 1, 2),
    "480": ("Version / Release / Industry Identifier Code", "AN", 1, 12),
    "97": ("Number of Transaction Sets Included", "N0", 1, 6),
    "143": ("Transaction Set Identifier Code", "ID", 3, 3),
    "329": ("Transaction Set Control Number", "AN", 4, 9),
    "1705": ("Implementation Convention Reference", "AN", 1, 35),
    "96": ("Number of Included Segments", "N0", 1, 10),
    "353": ("Transaction Set Purpose Code", "ID", 2, 2),
    "92": ("Purchase Order Type Code", "ID", 2, 2),
    "324": ("Purchase Order Number", "AN", 1, 22),
    "328": ("Release Number", "AN", 1, 30),
    "367": ("Contract Number", "AN", 1, 30),
    "587": ("Acknowledgment Type", "ID", 2, 2),
    "1019": ("Invoice Type Code", "ID", 3, 3),
    "98": ("Entity Identifier Code", "ID", 2, 3),
    "100": ("Currency Code", "ID", 3, 3),
    "280": ("Exchange Rate", "R", 4, 10),
    "128": ("Reference Identification Qualifier", "ID", 2, 3),
    "127": ("Reference Identification", "AN", 1, 30),
    "352": ("Description", "AN", 1, 80),
    "366": ("Contact Function Code", "ID", 2, 2),
    "93": ("Name", "AN", 1, 60),
    "365": ("Communication Number Qualifier", "ID", 2, 2),
    "364": ("Communication Number", "AN", 1, 80),
    "146": ("Shipment Method of Payment", "ID", 2, 2),
    "309": ("Location Qualifier", "ID", 1, 2),
    "310": ("Location Identifier", "AN", 1, 30),
    "336": ("Terms Type Code", "ID", 2, 2),
    "333": ("Terms Basis Date Code", "ID", 1, 2),
    "338": ("Terms Discount Percent", "R", 1, 6),
    "370": ("Terms Discount Due Date", "DT", 8, 8),
    "351": ("Terms Discount Days Due", "N0", 1, 3),
    "446": ("Terms Net Due Date", "DT", 8, 8),
    "386": ("Terms Net Days", "N0", 1, 3),
    "362": ("Terms Discount Amount", "N2", 1, 10),
    "374": ("Date/Time Qualifier", "ID", 3, 3),
    "623": ("Time Code", "ID", 2, 2),
    "133": ("Routing Sequence Code", "ID", 1, 2),
    "66": ("Identification Code Qualifier", "ID", 1, 2),
    "67": ("Identification Code", "AN", 2, 80),
    "91": ("Transportation Method/Type Code", "ID", 1, 2),
    "387": ("Routing", "AN", 1, 35),
    "368": ("Shipment/Order Status Code", "ID", 2, 2),
    "166": ("Address Information", "AN", 1, 55),
    "19": ("City Name", "AN", 2, 30),
    "156": ("State or Province Code", "ID", 2, 2),
    "116": ("Postal Code", "ID", 3, 15),
    "26": ("Country Code", "ID", 2, 3),
    "350": ("Assigned Identification", "AN", 1, 20),
    "330": ("Quantity Ordered", "R", 1, 15),
    "355": ("Unit or Basis for Measurement Code", "ID", 2, 2),
    "212": ("Unit Price", "R", 1, 17),
    "639": ("Basis of Unit Price Code", "ID", 2, 2),
    "235": ("Product/Service ID Qualifier", "ID", 2, 2),
    "234": ("Product/Service ID", "AN", 1, 48),
    "349": ("Item Description Type", "ID", 1, 1),
    "750": ("Product/Process Characteristic Code", "ID", 2, 3),
    "559": ("Agency Qualifier Code", "ID", 2, 2),
    "751": ("Product Description Code", "AN", 1, 12),
    "354": ("Number of Line Items", "N0", 1, 6),
    "347": ("Hash Total", "R", 1, 10),
    "81": ("Weight", "R", 1, 10),
    "183": ("Volume", "R", 1, 8),
    "522": ("Amount Qualifier Code", "ID", 1, 3),
    "782": ("Monetary Amount", "R", 1, 18),
    "76": ("Invoice Number", "AN", 1, 22),
    "640": ("Transaction Type Code", "ID", 2, 2),
    "358": ("Quantity Invoiced", "R", 1, 10),
    "610": ("Amount", "N2", 1, 15),
    "248": ("Allowance or Charge Indicator", "ID", 1, 1),
    "1300": ("Service, Promotion, Allowance, or Charge Code", "ID", 4, 4),
    "559S": ("Agency Qualifier Code", "ID", 2, 2),
    "1301": ("Agency Service, Promotion, Allowance, or Charge Code", "AN", 1, 10),
    "610S": ("Amount", "N2", 1, 15),
    "378": ("Allowance/Charge Percent Qualifier", "ID", 1, 1),
    "332": ("Percent", "R", 1, 6),
    "118": ("Rate", "R", 1, 9),
    "380": ("Quantity", "R", 1, 15),
    "331": ("Allowance or Charge Method of Handling Code", "ID", 2, 2),
    "963": ("Tax Type Code", "ID", 2, 2),
    "954": ("Percent", "R", 1, 10),
    "325": ("Tax Identification Number", "AN", 1, 20),
    "396": ("Shipment Identification", "AN", 2, 30),
    "1005": ("Hierarchical Structure Code", "ID", 4, 4),
    "675": ("Shipment Notice Type Code", "ID", 2, 2),  # BSN06 in 004010 is 640; kept as an ID either way
    "628": ("Hierarchical ID Number", "AN", 1, 12),
    "734": ("Hierarchical Parent ID Number", "AN", 1, 12),
    "735": ("Hierarchical Level Code", "ID", 1, 2),
    "736": ("Hierarchical Child Code", "ID", 1, 1),
    "103": ("Packaging Code", "AN", 3, 5),
    "80": ("Lading Quantity", "N0", 1, 7),
    "23": ("Commodity Code Qualifier", "ID", 1, 1),
    "22": ("Commodity Code", "AN", 1, 30),
    "79": ("Lading Description", "AN", 1, 50),
    "187": ("Weight Qualifier", "ID", 1, 2),
    "188": ("Weight Unit Code", "ID", 1, 1),
    "184": ("Volume Unit Qualifier", "ID", 1, 1),
    "88": ("Marks and Numbers Qualifier", "ID", 1, 2),
    "87": ("Marks and Numbers", "AN", 1, 48),
    "382": ("Number of Units Shipped", "R", 1, 10),
    "646": ("Quantity Shipped to Date", "R", 1, 15),
    "668": ("Line Item Status Code", "ID", 2, 2),
    "305": ("Transaction Handling Code", "ID", 1, 2),
    "478": ("Credit/Debit Flag Code", "ID", 1, 1),
    "591": ("Payment Method Code", "ID", 3, 3),
    "812": ("Payment Format Code", "ID", 1, 10),
    "506": ("(DFI) ID Number Qualifier", "ID", 2, 2),
    "507": ("(DFI) Identification Number", "AN", 3, 12),
    "569": ("Account Number Qualifier", "ID", 1, 3),
    "508": ("Account Number", "AN", 1, 35),
    "509": ("Originating Company Identifier", "AN", 10, 10),
    "510": ("Originating Company Supplemental Code", "AN", 9, 9),
    "481": ("Trace Type Code", "ID", 1, 2),
    "554": ("Assigned Number", "N0", 1, 6),
    "482": ("Payment Action Code", "ID", 2, 2),
    "426": ("Adjustment Reason Code", "ID", 2, 2),
    "721": ("Segment ID Code", "ID", 2, 3),
    "719": ("Segment Position in Transaction Set", "N0", 1, 6),
    "447": ("Loop Identifier Code", "AN", 1, 6),
    "720": ("Segment Syntax Error Code", "ID", 1, 3),
    "C030": ("Position in Segment", "C", 1, 10),
    "725": ("Data Element Reference Number", "N0", 1, 4),
    "723": ("Data Element Syntax Error Code", "ID", 1, 3),
    "724": ("Copy of Bad Data Element", "AN", 1, 99),
    "717": ("Transaction Set Acknowledgment Code", "ID", 1, 1),
    "718": ("Transaction Set Syntax Error Code", "ID", 1, 3),
    "715": ("Functional Group Acknowledge Code", "ID", 1, 1),
    "716": ("Functional Group Syntax Error Code", "ID", 1, 3),
    "C040": ("Reference Identifier", "C", 1, 200),
    "C001": ("Composite Unit of Measure", "C", 1, 100),
    "737": ("Measurement Reference ID Code", "ID", 2, 2),
    "738": ("Measurement Qualifier", "ID", 1, 3),
    "739": ("Measurement Value", "R", 1, 20),
    "1270": ("Code List Qualifier Code", "ID", 1, 3),
    "1271": ("Industry Code", "AN", 1, 30),
    "C998": ("Context Identification", "C", 1, 100),
    "9999": ("Element (not in the dictionary)", "C", 0, 9999),
}

V5010_MAX: dict[str, int] = {"127": 50, "719": 10, "67": 80, "93": 60}

ELEMENTS: dict[str, ElementDef] = {ref: ElementDef(ref, *spec) for ref, spec in _E.items()}

# tag: (name, "M<ref> O<ref> ..."), in element order.
_S: dict[str, tuple[str, str]] = {
    "ISA": (
        "Interchange Control Header",
        "MI01 MI02 MI03 MI04 MI05 MI06 MI05 MI07 MI08 MI09 MI10 MI11 MI12 MI13 MI14 MI15",
    ),
    "IEA": ("Interchange Control Trailer", "MI16 MI12"),
    "TA1": ("Interchange Acknowledgment", "MI12 MI08 MI09 MI17 MI18"),
    "GS": ("Functional Group Header", "M479 M142 M124 M373 M337 M28 M455 M480"),
    "GE": ("Functional Group Trailer", "M97 M28"),
    "ST": ("Transaction Set Header", "M143 M329 O1705"),
    "SE": ("Transaction Set Trailer", "M96 M329"),
    "BEG": ("Beginning Segment for Purchase Order", "M353 M92 M324 O328 M373 O367 O587 O1019 O9999 O9999 O9999 O9999"),
    "CUR": (
        "Currency",
        "M98 M100 O280 O98 O100" + " O9999" * 16,
    ),
    "REF": ("Reference Identification", "M128 O127 O352 OC040"),
    "PER": ("Administrative Communications Contact", "M366 O93 O365 O364 O365 O364 O365 O364 O443"),
    "FOB": ("F.O.B. Related Instructions", "M146 O309 O352 O9999 O9999 O309 O352 O9999 O9999"),
    "ITD": (
        "Terms of Sale/Deferred Terms of Sale",
        "O336 O333 O338 O370 O351 O446 O386 O362 O9999 O9999 O9999 O352 O9999 O9999 O9999",
    ),
    "DTM": ("Date/Time Reference", "M374 O373 O337 O623 O9999 O9999"),
    "TD5": (
        "Carrier Details (Routing Sequence/Transit Time)",
        "O133 O66 O67 O91 O387 O368 O309 O310 O9999 O9999 O9999 O9999 O9999 O9999 O9999",
    ),
    "N1": ("Name", "M98 O93 O66 O67 O9999 O98"),
    "N2": ("Additional Name Information", "M93 O93"),
    "N3": ("Address Information", "M166 O166"),
    "N4": ("Geographic Location", "O19 O156 O116 O26 O309 O310 O9999"),
    "PO1": ("Baseline Item Data", "O350 O330 O355 O212 O639" + " O235 O234" * 10),
    "PID": ("Product/Item Description", "M349 O750 O559 O751 O352 O9999 O9999 O9999 O9999"),
    "PO4": (
        "Item Physical Details",
        "O356 O357 O355 O103 O187 O81 O355 O183 O355 O9999 O9999 O9999 O355 O9999 O9999 O9999 O9999 O9999",
    ),
    "CTP": ("Pricing Information", "O9999 O9999 O212 O380 OC001 O9999 O9999 O9999 O9999 O9999 O9999"),
    "CTT": ("Transaction Totals", "M354 O347 O81 O355 O183 O355 O352"),
    "AMT": ("Monetary Amount", "M522 M782 O478"),
    "BIG": ("Beginning Segment for Invoice", "M373 M76 O373 O324 O328 O9999 O640 O353 O9999 O9999"),
    "IT1": ("Baseline Item Data (Invoice)", "O350 O358 O355 O212 O639" + " O235 O234" * 10),
    "TDS": ("Total Monetary Value Summary", "M610 O610 O610 O610"),
    "SAC": (
        "Service, Promotion, Allowance, or Charge Information",
        "M248 O1300 O559S O1301 O610S O378 O332 O118 O355 O380 O380 O331 O127 O770 O9999 O352 O9999",
    ),
    "TXI": ("Tax Information", "M963 O782 O954 O9999 O9999 O9999 O9999 O9999 O325 O9999"),
    "ISS": ("Invoice Shipment Summary", "O382 O355 O81 O355 O183 O355"),
    "CAD": ("Carrier Detail", "O91 O9999 O9999 O9999 O387 O368 O128 O127 O9999"),
    "BSN": ("Beginning Segment for Ship Notice", "M353 M396 M373 M337 O1005 O675 O9999"),
    "HL": ("Hierarchical Level", "M628 O734 M735 O736"),
    "TD1": ("Carrier Details (Quantity and Weight)", "O103 O80 O23 O22 O79 O187 O81 O355 O183 O355"),
    "TD3": ("Carrier Details (Equipment)", "O40 O206 O207 O187 O81 O355 O9999 O9999 O9999 O9999"),
    "PRF": ("Purchase Order Reference", "M324 O328 O9999 O373 O350 O367 O92"),
    "MAN": ("Marks and Numbers", "M88 M87 O87 O88 O87 O87"),
    "LIN": ("Item Identification", "O350" + " O235 O234" * 15),
    "SN1": ("Item Detail (Shipment)", "O350 M382 M355 O646 O330 O355 O9999 O668"),
    "MEA": ("Measurements", "O737 O738 O739 OC001 O9999 O9999 O9999 O9999 O9999 O9999"),
    "BPR": (
        "Beginning Segment for Payment Order/Remittance Advice",
        "M305 M782 M478 M591 O812 O506 O507 O569 O508 O509 O510 O506 O507 O569 O508 O373 O9999 O9999 O9999 O9999 O9999",
    ),
    "TRN": ("Trace", "M481 M127 O509 O127"),
    "ENT": ("Entity", "O554 O98 O66 O67 O98 O66 O67 O128 O127"),
    "RMR": ("Remittance Advice Accounts Receivable Open Item Reference", "O128 O127 O482 O782 O782 O782 O426 O782"),
    "ADX": ("Adjustment", "M782 M426 O128 O127"),
    "NM1": ("Individual or Organizational Name", "M98 M9999 O93 O9999 O9999 O9999 O9999 O66 O67 O9999 O9999 O9999"),
    "AK1": ("Functional Group Response Header", "M479 M28 O480"),
    "AK2": ("Transaction Set Response Header", "M143 M329 O1705"),
    "AK3": ("Data Segment Note", "M721 M719 O447 O720"),
    "AK4": ("Data Element Note", "MC030 O725 M723 O724"),
    "AK5": ("Transaction Set Response Trailer", "M717 O718 O718 O718 O718 O718"),
    "AK9": ("Functional Group Response Trailer", "M715 M97 M97 M97 O716 O716 O716 O716 O716"),
    "IK3": ("Implementation Data Segment Note", "M721 M719 O447 O720"),
    "IK4": ("Implementation Data Element Note", "MC030 O725 M723 O724"),
    "IK5": ("Implementation Transaction Set Response Trailer", "M717 O718 O718 O718 O718 O718"),
    "CTX": ("Context", "MC998 O721 O719 O447 OC030 O9999"),
    "MSG": ("Message Text", "M9999 O9999 O9999"),
    "NTE": ("Note/Special Instruction", "O9999 M352"),
    "SDQ": ("Destination Quantity", "M355 O66" + " O67 O380" * 10 + " O9999"),
    "SPI": ("Specification Identifier", "M9999 O127 O9999 O352 O9999 O9999 O9999 O9999 O9999 O9999 O9999 O9999"),
    "TAX": ("Tax Reference", "O325" + " O309 O310" * 5 + " O9999 O9999"),
}

for _ref, _name in (
    ("356", "Pack"),
    ("357", "Size"),
    ("443", "Contact Inquiry Reference"),
    ("40", "Equipment Description Code"),
    ("206", "Equipment Initial"),
    ("207", "Equipment Number"),
    ("770", "Option Number"),
):
    ELEMENTS[_ref] = ElementDef(_ref, _name, "AN", 1, 80)


def _build(tag: str, name: str, spec: str) -> SegmentDef:
    elements = tuple((ELEMENTS[token[1:]], token[0] == "M") for token in spec.split())
    return SegmentDef(tag, name, elements)


SEGMENTS: dict[str, SegmentDef] = {tag: _build(tag, name, spec) for tag, (name, spec) in _S.items()}


def segment_def(tag: str) -> SegmentDef | None:
    return SEGMENTS.get(tag)
