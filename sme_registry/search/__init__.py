"""Chinese client-side search: tokeniser, pinyin terms and the lunr index bundle (docs/search.md)."""

from .index_builder import build_search_bundle
from .tokenizer import tokenize, tokenize_query

__all__ = ["build_search_bundle", "tokenize", "tokenize_query"]
