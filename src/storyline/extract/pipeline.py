"""Build the spaCy pipeline and run it over articles.

``COMPONENTS`` is the one registry of storyline's pipeline components, in the order they run
after the model's own (``ner`` last). Each module defines its component with
``@Language.factory`` next to the class, declaring ``requires``/``assigns`` so that
``nlp.analyze_pipes()`` catches ordering mistakes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import get_settings
from ..errors import Errors, ExtractError
from ..records import AnalyzedDocument, Article, FailedDocument
from .chunks import is_long, long_doc
from .extensions import get_list, set_doc_extensions
from .language import primary, with_detected_language

#: (factory name, module that defines it, the model component it must run before), in order.
COMPONENTS: tuple[tuple[str, str, str | None], ...] = (
    ("storyline_paragraphs", "storyline.extract.paragraphs", "parser"),
    ("storyline_casing", "storyline.extract.casing", None),
    ("storyline_entities", "storyline.extract.entities", None),
    ("storyline_quotes", "storyline.extract.quotes", None),
    ("storyline_times", "storyline.extract.time", None),
    ("storyline_events", "storyline.extract.events", None),
    ("storyline_conflicts", "storyline.extract.conflicts", None),
)


def component_names() -> list[str]:
    """Names of every storyline component, in pipeline order."""
    return [name for name, _, _ in COMPONENTS]


def add_components(nlp: Language, names: Sequence[str] | None = None) -> Language:
    """Add storyline's components (all, or ``names``) to ``nlp``, in registry order."""
    set_doc_extensions()
    known = {name: module for name, module, _ in COMPONENTS}
    wanted = list(names) if names is not None else component_names()
    for name in wanted:
        if name not in known:
            raise ExtractError(Errors.E203.format(name=name, known=", ".join(known)))
    for name, module, before in COMPONENTS:
        if name in wanted and name not in nlp.pipe_names:
            importlib.import_module(module)
            if before is not None and before in nlp.pipe_names:
                nlp.add_pipe(name, before=before)
            elif before is not None:
                nlp.add_pipe(name, first=True)
            else:
                nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=4)
def build_nlp(model: str | None = None, components: tuple[str, ...] | None = None) -> Language:
    """Load the spaCy pipeline ``model`` (default: the setting) with storyline's components.

    Args:
        model: name or path of an installed spaCy pipeline.
        components: storyline components to add; None adds all of them.

    Raises:
        ExtractError: E201 when the pipeline cannot be loaded.
    """
    name = model or get_settings().model
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as err:
        raise ExtractError(Errors.E201.format(model=name, reason=err)) from err
    return add_components(nlp, components)


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized Doc for ``article`` with its record attached."""
    set_doc_extensions()
    doc = nlp.make_doc(article.text)
    doc._.sl_article = article
    # spaCy's tokenizer keeps every character, so the Doc's text is the article's: shared,
    # not joined again from the tokens (checked at the last token, where a change would show)
    last = doc[-1] if len(doc) else None
    if last is None or last.idx + len(last.text_with_ws) == len(article.text):
        doc._.sl_text = article.text
    return doc


def doc_to_record(doc: Doc) -> AnalyzedDocument:
    """Collect the records the components left on ``doc``."""
    return AnalyzedDocument(
        article=doc._.sl_article,
        entities=tuple(get_list(doc, "sl_entities")),
        quotes=tuple(get_list(doc, "sl_quotes")),
        times=tuple(get_list(doc, "sl_times")),
        events=tuple(get_list(doc, "sl_events")),
        conflicts=tuple(get_list(doc, "sl_conflicts")),
    )


def analyze_articles(
    articles: Iterable[Article | AnalyzedDocument | FailedDocument],
    nlp: Language,
    batch_size: int | None = None,
) -> Iterator[AnalyzedDocument | FailedDocument]:
    """Analyse articles in order; a document that breaks the pipeline becomes a FailedDocument.
    Documents analysed already (read back from the contract) and failures pass through.

    Batches go through ``nlp.pipe``; when one fails, its documents are retried one by one so
    that only the bad one is lost, and the run goes on.
    """
    size = batch_size or get_settings().batch_size
    batch: list[Article | AnalyzedDocument | FailedDocument] = []
    for item in articles:
        batch.append(item)
        if len(batch) >= size:
            yield from _run_batch(batch, nlp)
            batch = []
    if batch:
        yield from _run_batch(batch, nlp)


def in_model_language(article: Article, nlp: Language) -> Article | FailedDocument:
    """``article`` with its detected language, or E208 when that is not the model's."""
    article, found = with_detected_language(article)
    model = nlp.lang or "en"
    if primary(article.language) == primary(model):
        return article
    sure = f"{found.confidence:.2f}" if found is not None else "stated in the input"
    message = Errors.E208.format(
        doc=article.origin or article.id, language=article.language, sure=sure, model=model
    )
    return FailedDocument(
        id=article.id,
        code="E208",
        message=message,
        origin=article.origin,
        language=article.language,
    )


def _run_batch(
    batch: list[Article | AnalyzedDocument | FailedDocument], nlp: Language
) -> Iterator[AnalyzedDocument | FailedDocument]:
    batch = [in_model_language(a, nlp) if isinstance(a, Article) else a for a in batch]
    articles = [a for a in batch if isinstance(a, Article) and not is_long(nlp, a)]
    done: dict[int, AnalyzedDocument | FailedDocument] = {
        id(a): _run_one(a, nlp) for a in batch if isinstance(a, Article) and is_long(nlp, a)
    }
    try:
        done.update(
            (id(a), doc_to_record(d))
            for a, d in zip(articles, nlp.pipe(make_doc(nlp, a) for a in articles), strict=True)
        )
    except Exception:  # noqa: BLE001 - isolate the bad document below
        done.update((id(a), _run_one(a, nlp)) for a in articles)
    for item in batch:
        yield item if not isinstance(item, Article) else done[id(item)]


def _run_one(article: Article, nlp: Language) -> AnalyzedDocument | FailedDocument:
    try:
        if is_long(nlp, article):
            whole = set(component_names()) - {"storyline_paragraphs"}
            return doc_to_record(long_doc(nlp, article, whole))
        return doc_to_record(nlp(make_doc(nlp, article)))
    except Exception as err:  # noqa: BLE001 - one bad document must not stop a batch
        message = Errors.E202.format(doc=article.origin or article.id, reason=repr(err))
        return FailedDocument(id=article.id, code="E202", message=message, origin=article.origin)


__all__ = [
    "COMPONENTS",
    "add_components",
    "analyze_articles",
    "build_nlp",
    "component_names",
    "in_model_language",
    "doc_to_record",
    "make_doc",
]
