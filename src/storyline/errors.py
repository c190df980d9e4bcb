"""storyline's exceptions and numbered messages, in one place.

The tree::

    StorylineError            code, http_status
    ├── IngestError           E1xx  reading and decoding input
    ├── ExtractError          E2xx  the spaCy pipeline and its components
    ├── ResolveError          E3xx  gazetteer, entity and time resolution
    ├── StoreError            E4xx  the knowledge base
    │   ├── NotFound          E404-style lookups that found nothing
    │   └── Refused           a change asked in a form the knowledge base refuses (400)
    └── ApiError              E5xx  the HTTP API

Messages are templates grouped by stage, used as ``IngestError(Errors.E101.format(path=p))``
so that users can search for the code (the spaCy ``Errors`` pattern).
"""

from __future__ import annotations

from typing import Any


class ErrorsWithCodes(type):
    """Prefix each message template with its code, as spaCy's ``errors.py`` does."""

    def __getattribute__(cls, code: str) -> Any:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=ErrorsWithCodes):
    # ingest
    E101 = "{path}: cannot read the file ({reason})."
    E102 = "{path}: the file is empty."
    E103 = "{path}: the file looks binary, not text."
    E104 = "{path}: cannot decode the bytes as UTF-8, UTF-8 with BOM or UTF-16 with BOM."
    E105 = "{path}: the text is {size} bytes, over the limit of {limit} (setting max_bytes)."
    E106 = "{path}: line {line}: malformed JSON ({reason})."
    E107 = "{path}: unknown file type '{ext}' (expected .txt, .html, .htm, .json or .jsonl)."
    E108 = "{path}: line {line}: the record has no 'text' or 'html' field."
    E109 = "{path}: no such file or directory."
    E110 = "{path}: invalid publication date '{value}' (expected YYYY-MM-DD)."
    E111 = "{path}: no article text could be extracted from the HTML."
    E112 = "{path}: the JSON must be an object or a list of objects."
    E113 = "{path}: not a regular file but a {kind}; only regular files are read."
    E114 = "{path}: cannot be read: {reason}."
    E115 = "{path}: not a storyline document: '{field}' must be {expected}."
    E116 = "{path}: unknown schema '{schema}' (this storyline reads '{known}')."
    # fetching (ingest/fetch.py)
    E130 = "{url}: only http and https URLs can be fetched."
    E131 = "{url}: cannot resolve the host '{host}'."
    E132 = (
        "{url}: refused: the host resolves to {address}, a loopback, private, link-local or "
        "reserved address (set allow_private for an intranet)."
    )
    E133 = "{url}: not a feed or sitemap that lists articles."
    E134 = "{url}: the site's robots.txt disallows fetching it."
    E135 = "{url}: the response is over the limit of {limit} bytes (setting max_bytes)."
    E136 = "{url}: content type '{kind}' is not a page or a feed."
    E137 = "{url}: the server answered {status}."
    E138 = "{url}: the fetch failed: {reason}."
    # extract
    E201 = (
        "Cannot load the spaCy pipeline '{model}': {reason}. "
        "Install it (pip install {model}) or name another with --model."
    )
    E202 = "{doc}: the pipeline failed on this document: {reason}"
    E203 = "Unknown storyline component '{name}'. Known: {known}."
    E204 = "Cannot read the data file {path}: {reason}"
    E205 = (
        "{doc}: the Ray worker analysing this document died twice ({reason}); "
        "the document was skipped."
    )
    E206 = "Cannot start the Ray workers: {reason}"
    E207 = (
        "Cannot connect to Ray at '{address}': {reason}. Start a cluster with "
        "`ray start --head`, or leave out --address to run on this machine."
    )
    E208 = (
        "{doc}: the text is in '{language}' (detector confidence {sure}), not in the "
        "model's language '{model}'; the document was not analysed, as the model would "
        "read it as junk."
    )
    # resolve
    E301 = (
        "The gazetteer at {path} is missing or unreadable: {reason}. "
        "Run `storyline gazetteer build`."
    )
    E302 = "{path}: not a GeoNames dump in the standard tab-separated format ({reason})."
    E303 = "Cannot read the time expressions data file {path}: {reason}"
    # store
    E401 = "Cannot open the knowledge base at {url}: {reason}"
    E402 = "No entity named '{name}' in the knowledge base."
    E403 = "The knowledge base at {url} needs migrating: run `storyline db upgrade --db {url}`."
    E404 = "No {what} '{key}' in the knowledge base."
    E405 = "The database URL needs the '{extra}' extra: pip install 'storyline[{extra}]'."
    E406 = "'{a}' and '{b}' are already the same entity."
    E407 = "Cannot split '{alias}' off '{name}': it is the entity's own name."
    E408 = "Invalid date '{value}' (expected YYYY-MM-DD)."
    E409 = "Unknown export format '{value}' (expected jsonl, csv or geojson)."
    E410 = "Cannot store article '{key}' in the knowledge base: {reason}"
    E411 = "No entity named '{name}' in the knowledge base. Near names: {near}."
    E412 = (
        "No knowledge base at {url}: `storyline ingest` or `storyline db upgrade` creates one; "
        "read commands never do."
    )
    E413 = (
        "No PostgreSQL server binaries on this machine (initdb, pg_ctl): install Debian's "
        "'postgresql' package, or point --db at a running server."
    )
    E414 = (
        "Unknown event kind '{kind}': the types are {types} (a sub-type is one of its "
        "type's, see `storyline event kinds`)."
    )
    E415 = "No event '{ref}' in the knowledge base (expected DOCUMENT#EVENT, e.g. 'report-7#v2')."
    # api
    E501 = "Bad request: {reason}"
    E502 = "The optional dependency '{module}' is missing: pip install 'storyline[{extra}]'."
    E503 = "Invalid request: {reason}"
    E504 = "No page or endpoint at {path}."
    E505 = "Method {method} is not allowed on {path}."
    E506 = "Internal error while serving {path}: {reason}"
    E507 = "The request body is not valid JSON: {reason}"
    E508 = "{method} {path} needs the write token: send 'Authorization: Bearer TOKEN'."
    E509 = (
        "{method} {path}: this server is read-only; start it with STORYLINE_API_TOKEN set "
        "to allow writes."
    )
    E510 = (
        "Unknown host '{host}': this server answers to localhost and the hosts in "
        "STORYLINE_ALLOWED_HOSTS."
    )
    E511 = "The request body is over the limit of {limit} bytes (setting max_request_bytes)."
    E512 = (
        "Refusing to listen on {host} without a write token: set STORYLINE_API_TOKEN, or "
        "listen on 127.0.0.1."
    )


class StorylineError(Exception):
    """Base of every storyline error; carries a code (``E101``) and an HTTP status."""

    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = message[1:5] if message.startswith("[E") else "E000"

    def __str__(self) -> str:
        return self.message


class IngestError(StorylineError):
    """Input that cannot be read: missing, empty, binary, undecodable, malformed."""

    http_status = 400


class ExtractError(StorylineError):
    """The NLP pipeline cannot be built or fails on a document."""

    http_status = 500


class ResolveError(StorylineError):
    """A resolution resource (gazetteer, alias table) is missing or broken."""

    http_status = 500


class StoreError(StorylineError):
    """The knowledge base cannot be opened, migrated or written."""

    http_status = 500


class NotFound(StoreError):
    """A lookup in the knowledge base found nothing."""

    http_status = 404


class Refused(StoreError):
    """A change the knowledge base refuses as asked (an unknown event kind)."""

    http_status = 400


class ApiError(StorylineError):
    """A request the HTTP API cannot serve."""

    http_status = 400


class MissingExtra(StorylineError):
    """An optional dependency is not installed; the message names the extra."""

    http_status = 501


__all__ = [
    "ApiError",
    "Errors",
    "ExtractError",
    "IngestError",
    "MissingExtra",
    "NotFound",
    "Refused",
    "ResolveError",
    "StoreError",
    "StorylineError",
]
