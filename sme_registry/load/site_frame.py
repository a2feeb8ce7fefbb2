"""The host site's frame: filing numbers, the 党政机关 badge and the site's own pages.

`check_frame` validates what data/site.yaml says about the frame beyond its schema (the
ICP and 公安 filing number formats, the badge image as an untrusted file) and reads the
optional Markdown of the 网站声明 and 隐私 pages; `frame_view` turns the settings into what
the header and footer partials show (texts and the links built from them).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sme_registry.load.notice_source import body_problems
from sme_registry.load.source_text import read_bytes
from sme_registry.problems.codes import make
from sme_registry.regulation import vocabulary as V

# Province abbreviations used in filing numbers (蜀/黔/滇/秦/陇 are alternative forms in use).
_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新"
ICP = re.compile(rf"^[{_PROVINCES}]ICP备[0-9]{{8,10}}号(?:-[0-9]{{1,3}})?$")
POLICE = re.compile(rf"^[{_PROVINCES}]公网安备 ?([0-9]{{14}})号$")
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}"
BADGE_URL = "https://bszs.conac.cn/sitename?method=show&id={id}"
BADGE_MAX_BYTES = 200 * 1024
BADGE_OUTPUT = "theme/host/gov-badge"  # + .png / .jpg in the built site
# The site's own pages whose text a clerk may write as Markdown (absent: the default text).
PAGE_FILES = {"statement": "content/pages/statement.md", "privacy": "content/pages/privacy.md"}
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass
class Frame:
    """What the build publishes beside the settings: the badge image and the pages' Markdown."""

    badge: tuple[str, bytes] | None = None  # (output path, bytes)
    pages: dict[str, str] = field(default_factory=dict)  # page key → Markdown body


def image_kind(data: bytes) -> str | None:
    """"png" or "jpg" when the bytes are one (checked by content: signature, header chunk,
    end marker), else None. SVG and everything else is refused: an SVG can carry script."""
    if data.startswith(_PNG) and len(data) >= 33 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        if width and height and data.rstrip(b"\0")[-8:-4] == b"IEND":
            return "png"
    if data.startswith(b"\xff\xd8\xff") and data.rstrip(b"\0").endswith(b"\xff\xd9"):
        return "jpg"
    return None


def _tree_path(value: str) -> str | None:
    """A relative POSIX path inside the source tree, or None (absolute, `..`, hidden, `\\`)."""
    if not value or "\\" in value or value.startswith("/") or ":" in value:
        return None
    parts = PurePosixPath(value).parts
    if not parts or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    return "/".join(parts)


def check_frame(source, doc, problems: list) -> Frame:
    """Coded problems at the line in data/site.yaml; the files the frame publishes."""
    frame = Frame()
    display = "data/site.yaml"
    site = doc.data if doc is not None else {}
    if doc is not None:
        icp = site.get("icp")
        if icp is not None and not ICP.match(icp):
            problems.append(make("E740", display, doc.pos(("icp",)), value=icp))
        police = site.get("police_record")
        if police is not None and not POLICE.match(police):
            problems.append(make("E741", display, doc.pos(("police_record",)), value=police))
        badge = site.get("gov_badge")
        if badge is not None:
            frame.badge = _badge(source, doc, badge["image"], problems)
    for key, rel in PAGE_FILES.items():
        body = _page(source, rel, problems)
        if body is not None:
            frame.pages[key] = body
    return frame


def _badge(source, doc, value: str, problems: list) -> tuple[str, bytes] | None:
    display, pos = "data/site.yaml", doc.pos(("gov_badge", "image"))
    rel = _tree_path(value)
    if rel is None:
        problems.append(make("E742", display, pos, value=value, detail="须是名录目录内的相对路径，如 content/site/dzjg.png"))
        return None
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    if folder and not source.folder_ok(folder, problems):
        problems.append(make("E742", display, pos, value=value, detail=f"文件夹 {folder} 不存在"))
        return None
    path = source.root / rel
    if not path.exists() and not path.is_symlink():
        problems.append(make("E742", display, pos, value=value, detail="文件不存在"))
        return None
    data, read_problems = read_bytes(path, rel)
    problems.extend(read_problems)
    if data is None:
        return None
    source.record(rel, data)
    if len(data) > BADGE_MAX_BYTES:
        problems.append(make("E744", display, pos, value=value, size=len(data), limit=BADGE_MAX_BYTES))
        return None
    kind = image_kind(data)
    if kind is None:
        problems.append(make("E743", display, pos, value=value))
        return None
    return f"{BADGE_OUTPUT}.{kind}", data


def _page(source, rel: str, problems: list) -> str | None:
    folder = rel.rsplit("/", 1)[0]
    if not source.folder_ok(folder, problems):  # missing: the default text; a link: E116
        return None
    path = source.root / rel
    if not path.exists() and not path.is_symlink():
        return None
    text = source.read(path, problems, slips_of="notice")
    if text is None:
        return None
    if not text.strip():
        problems.append(make("E745", rel, (1, 1)))
        return None
    found = body_problems(text, 1, rel)
    problems.extend(found)
    return None if found else text


def frame_view(site: dict, frame: Frame) -> dict:
    """Texts and links of the frame, for the header and footer partials."""
    view: dict = {"sponsor": site.get("sponsor"), "organizer": site.get("organizer"),
                  "contact": site.get("contact") or {}, "site_id_code": site.get("site_id_code"),
                  "bureau_website": (site.get("bureau") or {}).get("website"),
                  "portal_name": site.get("portal_name") or V.PORTAL_NAME, "pages": sorted(frame.pages)}
    if site.get("icp"):
        view["icp"] = {"text": site["icp"], "url": ICP_URL}
    police = POLICE.match(site.get("police_record") or "")
    if police:
        view["police"] = {"text": site["police_record"], "url": POLICE_URL.format(digits=police.group(1))}
    badge = site.get("gov_badge")
    if badge and frame.badge:
        view["badge"] = {"src": frame.badge[0], "url": BADGE_URL.format(id=badge["id"].upper())}
    return view
