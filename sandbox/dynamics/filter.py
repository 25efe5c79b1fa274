"""``$filter`` as F&O's ``/data`` service takes it: parse, check against the entity type, evaluate on rows.

Supported (reference §3.3): eq ne gt ge lt le, and or not, add sub mul div mod, parentheses; string, number,
GUID, boolean, null and ISO date-time literals; qualified enum literals ``Microsoft.Dynamics.DataEntities.T'M'``
with eq/ne only; ``'*x*'`` wildcards inside a string ``eq`` (the service's "contains").  Not supported, answered
400: ``in``, ``has``, every function call (``startswith``, ``contains``, ``tolower`` ...), date-only literals
against DateTimeOffset properties and bare strings against enum properties.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sandbox.dynamics.errors import ODataFault, query_invalid
from sandbox.dynamics.model import EntitySet
from sandbox.dynamics.values import NAMESPACE, FieldValue, Kind, parse_datetime

__all__ = ["Predicate", "compile_filter"]

Predicate = Callable[[dict[str, FieldValue]], bool]
Value = FieldValue | None

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<enum>[A-Za-z_][\w.]*'(?:[^']|'')*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))
  | (?P<guid>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDlL]?)
  | (?P<name>[A-Za-z_$][\w.]*)
  | (?P<punct>[(),/])
)""",
    re.VERBOSE,
)

_COMPARE = {"eq", "ne", "gt", "ge", "lt", "le"}
_ARITH = {"add", "sub", "mul", "div", "divby", "mod"}
_OP_KIND = {
    "eq": "Equal",
    "ne": "NotEqual",
    "gt": "GreaterThan",
    "ge": "GreaterThanOrEqual",
    "lt": "LessThan",
    "le": "LessThanOrEqual",
}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


@dataclass(frozen=True)
class _Lit:
    value: Value
    kind: str  # string number datetime date guid bool null enum
    enum_type: str = ""


@dataclass(frozen=True)
class _Prop:
    name: str


@dataclass(frozen=True)
class _Bin:
    op: str
    left: _Node
    right: _Node


@dataclass(frozen=True)
class _Not:
    operand: _Node


_Node = _Lit | _Prop | _Bin | _Not


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ODataFault(query_invalid(f"Syntax error at position {pos} in '{text}'."))
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, entity: EntitySet) -> None:
        self.text = text
        self.entity = entity
        self.tokens = _tokenize(text)
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ODataFault(query_invalid(f"Expression expected at position {len(self.text)} in '{self.text}'."))
        self.pos += 1
        return token

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "name" and token.text in words:
            self.pos += 1
            return token.text
        return None

    def parse(self) -> _Node:
        node = self.or_expr()
        if self.peek() is not None:
            raise ODataFault(query_invalid(f"Syntax error: unexpected '{self.take().text}' in '{self.text}'."))
        return node

    def or_expr(self) -> _Node:
        node = self.and_expr()
        while self.keyword("or"):
            node = _Bin("or", node, self.and_expr())
        return node

    def and_expr(self) -> _Node:
        node = self.not_expr()
        while self.keyword("and"):
            node = _Bin("and", node, self.not_expr())
        return node

    def not_expr(self) -> _Node:
        if self.keyword("not"):
            return _Not(self.not_expr())
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.additive()
        token = self.peek()
        if token is not None and token.kind == "name" and token.text in ("in", "has"):
            raise ODataFault(query_invalid(f"The operator '{token.text}' is not supported."))
        op = self.keyword(*_COMPARE)
        if op is None:
            return left
        return self.check_comparison(op, left, self.additive())

    def additive(self) -> _Node:
        node = self.primary()
        while True:
            op = self.keyword(*_ARITH)
            if op is None:
                return node
            node = _Bin(op, node, self.primary())

    def primary(self) -> _Node:
        token = self.take()
        if token.kind == "punct" and token.text == "(":
            node = self.or_expr()
            closing = self.take()
            if closing.text != ")":
                raise ODataFault(query_invalid(f"')' or operator expected in '{self.text}'."))
            return node
        if token.kind == "string":
            return _Lit(token.text[1:-1].replace("''", "'"), "string")
        if token.kind == "enum":
            type_name, _, member = token.text.partition("'")
            return _Lit(member[:-1].replace("''", "'"), "enum", type_name)
        if token.kind == "datetime":
            return _Lit(parse_datetime(token.text, date_only_field=False), "datetime")
        if token.kind == "date":
            return _Lit(token.text, "date")
        if token.kind == "guid":
            return _Lit(token.text.lower(), "guid")
        if token.kind == "number":
            return _Lit(Decimal(token.text.rstrip("mMdDlL")), "number")
        if token.kind == "name":
            nxt = self.peek()
            if nxt is not None and nxt.kind == "punct" and nxt.text == "(":
                raise ODataFault(query_invalid(f"The function '{token.text}' is not supported."))
            if token.text in ("true", "false"):
                return _Lit(token.text == "true", "bool")
            if token.text == "null":
                return _Lit(None, "null")
            if token.text not in self.entity.by_name:
                raise ODataFault(
                    query_invalid(
                        f"Could not find a property named '{token.text}' on type '{self.entity.qualified_type}'."
                    )
                )
            return _Prop(token.text)
        raise ODataFault(query_invalid(f"Syntax error: unexpected '{token.text}' in '{self.text}'."))

    def check_comparison(self, op: str, left: _Node, right: _Node) -> _Node:
        prop, lit = (left, right) if isinstance(left, _Prop) else (right, left)
        if isinstance(prop, _Prop) and isinstance(lit, _Lit):
            spec = self.entity.by_name[prop.name]
            if spec.kind is Kind.ENUM:
                if lit.kind != "enum":
                    raise ODataFault(
                        query_invalid(
                            f"A binary operator with incompatible types was detected. Found operand types "
                            f"'{spec.edm_type}' and 'Edm.String' for operator kind '{_OP_KIND[op]}'."
                        )
                    )
                if op not in ("eq", "ne"):
                    raise ODataFault(query_invalid(f"The operator '{op}' is not supported on enum values."))
                if lit.enum_type != spec.edm_type:
                    raise ODataFault(query_invalid(f"The enum type '{lit.enum_type}' is not valid for '{prop.name}'."))
            elif spec.kind is Kind.DTO and lit.kind == "date":
                raise ODataFault(
                    query_invalid(
                        "A binary operator with incompatible types was detected. Found operand types "
                        f"'Edm.DateTimeOffset' and 'Edm.Date' for operator kind '{_OP_KIND[op]}'."
                    )
                )
            elif lit.kind == "enum" and not lit.enum_type.startswith(NAMESPACE + "."):
                raise ODataFault(query_invalid(f"The enum type '{lit.enum_type}' is not valid."))
        return _Bin(op, left, right)


def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$", re.IGNORECASE | re.DOTALL)


def _evaluate(node: _Node, row: dict[str, FieldValue]) -> Value:
    if isinstance(node, _Lit):
        return node.value
    if isinstance(node, _Prop):
        return row.get(node.name)
    if isinstance(node, _Not):
        return not bool(_evaluate(node.operand, row))
    if node.op == "and":
        return bool(_evaluate(node.left, row)) and bool(_evaluate(node.right, row))
    if node.op == "or":
        return bool(_evaluate(node.left, row)) or bool(_evaluate(node.right, row))
    left = _evaluate(node.left, row)
    right = _evaluate(node.right, row)
    if node.op in _ARITH:
        return _arith(node.op, left, right)
    return _compare(node.op, left, right, node)


def _arith(op: str, left: Value, right: Value) -> Value:
    if not isinstance(left, int | Decimal) or not isinstance(right, int | Decimal):
        return None
    a, b = Decimal(left), Decimal(right)
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    if b == 0:
        return None
    return a % b if op == "mod" else a / b


def _compare(op: str, left: Value, right: Value, node: _Bin) -> bool:
    if op in ("eq", "ne") and isinstance(left, str) and isinstance(right, str):
        pattern = right if isinstance(node.right, _Lit) else left
        other = left if pattern is right else right
        equal = bool(_wildcard(pattern).match(other)) if "*" in pattern else left.lower() == right.lower()
        return equal if op == "eq" else not equal
    if left is None or right is None:
        return (left is right) if op == "eq" else (left is not right) if op == "ne" else False
    a, b = _comparable(left), _comparable(right)
    if type(a) is not type(b):
        return op == "ne"
    if op == "eq":
        return a == b
    if op == "ne":
        return a != b
    if op == "gt":
        return a > b  # type: ignore[operator]
    if op == "ge":
        return a >= b  # type: ignore[operator]
    if op == "lt":
        return a < b  # type: ignore[operator]
    return a <= b  # type: ignore[operator]


def _comparable(value: FieldValue) -> str | Decimal | datetime | bool:
    if isinstance(value, bool | datetime):
        return value
    if isinstance(value, int | Decimal):
        return Decimal(value)
    return value.lower()


def compile_filter(text: str, entity: EntitySet) -> Predicate:
    """Parse ``text`` against ``entity``; raises ``ODataFault`` (400) for what the service rejects."""
    tree = _Parser(text, entity).parse()

    def predicate(row: dict[str, FieldValue]) -> bool:
        return bool(_evaluate(tree, row))

    return predicate
