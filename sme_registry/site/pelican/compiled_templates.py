"""Templates compiled once per build, not once per generator.

Pelican gives every generator its own Jinja environment, so each of our dozen generators
compiled base.html, components.html and the rest again (about 0.2 s a round). A
`jinja2.BytecodeCache` held in memory for one build lets every environment after the first
load the compiled code instead. Jinja keys each entry by template name and checks the
source's checksum, so a changed template is compiled again; nothing is kept on disk or
between builds."""

from __future__ import annotations

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """An in-memory bytecode cache for the environments of one Pelican run."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()
