"""The search language: Boolean words and phrases with field prefixes.

    Rjabkow AND (Sanktionen OR "neue Waffen") NOT Sport
    speaker:Peskow outlet:RT lang:de type:Direct site:example.org

Adjacent terms are joined by AND; precedence NOT > AND > OR; ``-word`` is NOT word;
``word*`` matches a prefix. Field values may be quoted (``speaker:"Maria Sacharowa"``).
The parser only builds a tree; ``quelle.store.search`` turns it into SQL per backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quelle.errors import BadInput

FIELDS = ("speaker", "outlet", "site", "lang", "type", "title", "url")
MAX_LENGTH = 2000  # characters of one query
MAX_DEPTH = 32  # nested parentheses and NOTs: deeper trees would exhaust the parser's and SQL's stacks
MAX_TOKENS = 200


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Field | Not | And | Or

_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<field>[A-Za-z]+):(?:"(?P<fq>[^"]*)"|(?P<fv>[^\s()"]+))'
    r'|"(?P<phrase>[^"]*)"|(?P<minus>-)(?=\S)|(?P<word>[^\s()"]+))'
)


def _tokens(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        if query[pos:].strip() == "":
            break
        match = _TOKEN.match(query, pos)
        if not match or match.end() == pos:
            raise BadInput(f"cannot read the query at {query[pos:]!r} (unbalanced quotes?)")
        pos = match.end()
        if match.group("lp"):
            tokens.append(("(", "("))
        elif match.group("rp"):
            tokens.append((")", ")"))
        elif match.group("field"):
            name = match.group("field").lower()
            value = match.group("fq") if match.group("fq") is not None else match.group("fv")
            if name not in FIELDS:
                raise BadInput(f"unknown field {name}: in the query (known: {', '.join(FIELDS)})")
            tokens.append(("field", f"{name}\x00{value}"))
        elif match.group("phrase") is not None:
            tokens.append(("phrase", match.group("phrase")))
        elif match.group("minus"):
            tokens.append(("NOT", "-"))
        else:
            word = match.group("word")
            tokens.append((word, word) if word in ("AND", "OR", "NOT") else ("word", word))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise BadInput(f"the query nests parentheses and NOTs more than {MAX_DEPTH} deep")

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Node:
        nodes = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            nodes.append(self.parse_and())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self) -> Node:
        nodes = [self.parse_not()]
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
            nodes.append(self.parse_not())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_not(self) -> Node:
        if self.peek() == "NOT":
            self.take()
            self.deeper()
            node = Not(self.parse_not())
            self.depth -= 1
            return node
        return self.parse_atom()

    def parse_atom(self) -> Node:
        kind = self.peek()
        if kind is None:
            raise BadInput("the query ends where a word was expected")
        token, value = self.take()
        if token == "(":
            self.deeper()
            node = self.parse_or()
            if self.peek() != ")":
                raise BadInput("the query has an unclosed '('")
            self.take()
            self.depth -= 1
            return node
        if token == "field":
            name, _, text = value.partition("\x00")
            return Field(name, text)
        if token == "phrase":
            return Term(value.strip(), phrase=True)
        if token == "word":
            if value.endswith("*") and len(value) > 1:
                return Term(value.rstrip("*"), prefix=True)
            return Term(value)
        raise BadInput(f"unexpected {value!r} in the query")


def parse(query: str) -> Node | None:
    """The query as a tree; None for an empty query. Raises BadInput with a one-line reason."""
    if len(query) > MAX_LENGTH:
        raise BadInput(f"the query is longer than {MAX_LENGTH} characters")
    if "\x00" in query:
        raise BadInput("the query holds a NUL character")
    tokens = _tokens(query)
    if not tokens:
        return None
    if len(tokens) > MAX_TOKENS:
        raise BadInput(f"the query has more than {MAX_TOKENS} words and operators")
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.pos != len(tokens):
        raise BadInput(f"unexpected {tokens[parser.pos][1]!r} in the query")
    return node


def terms(node: Node | None) -> list[str]:
    """The positive full-text words and phrases (for highlighting snippets)."""
    if node is None or isinstance(node, (Field, Not)):
        return []
    if isinstance(node, Term):
        return [node.text]
    return [t for child in node.nodes for t in terms(child)]
