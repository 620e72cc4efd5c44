"""Helpers shared by the check tests: a small analysed Corpus built by hand, and a check called directly on it."""

from __future__ import annotations

from types import ModuleType

from crossfact.config import ChecksConfig, Config
from crossfact.kb import load_kb
from crossfact.model import Article, Corpus, Finding
from crossfact.pipeline import CORPUS_STEPS, run_chain, run_corpus_steps
from crossfact.read import Meta, make_article


def article_of(text: str, path: str = "t.txt", **meta: str) -> Article:
    """Return a hand-made Article of ``text`` (one or two real sentences), with ``meta`` (source, published)."""
    return make_article(path, text, Meta(**meta))


def corpus_of(*articles: Article, through: tuple[str, ...] = ()) -> Corpus:
    """Return a Corpus of the articles after every per-article step and the named cross-article steps."""
    config = Config()
    analysed = []
    for article in articles:
        result = run_chain(article, config)
        assert result.failure is None, result.failure
        analysed.append(result.article)
    steps = [step for step in CORPUS_STEPS if step.name in through]
    assert len(steps) == len(through), f"unknown cross-article step in {through}"
    corpus, _ = run_corpus_steps(Corpus(tuple(analysed)), config, steps)
    return corpus


def check_findings(module: ModuleType, corpus: Corpus, config: ChecksConfig | None = None) -> list[Finding]:
    """Return the findings of one check module called directly on the corpus, with the shipped KB."""
    return list(module.check(corpus, load_kb(), config or ChecksConfig()))


def words(corpus: Corpus, finding: Finding) -> list[str]:
    """Return the words each evidence span of the finding points at."""
    texts = {article.id: article.text for article in corpus.articles}
    return [texts[span.article][span.start : span.end] for span in finding.evidence]
