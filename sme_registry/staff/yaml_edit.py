"""Round-trip edits of existing platform files: ruamel.yaml keeps comments and key order."""

from __future__ import annotations

import datetime as dt
import io

from sme_registry.regulation import dates
from sme_registry.staff.vocabulary import GROUND_NUMERALS, GROUNDS


def _rt_yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _rt_load(text: str):
    yaml = _rt_yaml()
    return yaml, yaml.load(text)


def _rt_dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def add_pending(text: str, batch: int, publicity: str) -> str:
    """Record a new application under 公示 (`pending`) right after `terms`."""
    from ruamel.yaml.comments import CommentedMap

    yaml, data = _rt_load(text)
    pending = CommentedMap([("batch", batch), ("publicity", publicity)])
    keys = list(data.keys())
    if "pending" in data:
        data["pending"] = pending
    else:
        position = keys.index("terms") + 1 if "terms" in keys else len(keys)
        comment = f"{batch} 年度重新申报，正在公示；认定后由 make renew 改为 terms 中的一条"
        data.insert(position, "pending", pending, comment=comment)
    return _rt_dump(yaml, data)


def add_term(text: str, batch: int, certified_on: dt.date, publicity: str, announcement: str) -> str:
    """Append a certification term; a `pending` entry for the same 公示 is removed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml, data = _rt_load(text)
    term = CommentedMap(
        [("batch", batch), ("certified_on", certified_on), ("publicity", publicity), ("announcement", announcement)]
    )
    term.yaml_add_eol_comment(f"有效期至 {dates.valid_until(certified_on)}", "certified_on")
    terms = data.get("terms")
    if not terms:  # `terms: []` (flow style, with its "尚未认定" comment) becomes a block list
        seq = CommentedSeq()
        seq.fa.set_block_style()
        seq.append(term)
        data.ca.items.pop("terms", None)
        data["terms"] = seq
    else:
        terms.append(term)
    pending = data.get("pending")
    if pending is not None and pending.get("publicity") == publicity:
        del data["pending"]
    return _rt_dump(yaml, data)


def add_revocation(text: str, day: dt.date, ground: int, notice: str) -> str:
    from ruamel.yaml.comments import CommentedMap

    yaml, data = _rt_load(text)
    revoked = CommentedMap([("date", day), ("ground", ground), ("notice", notice)])
    revoked.yaml_add_eol_comment(f"第二十条第（{GROUND_NUMERALS[ground]}）项：{GROUNDS[ground].rstrip('的')}", "ground")
    data["revoked"] = revoked
    return _rt_dump(yaml, data)
