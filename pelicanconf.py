"""Pelican settings for the registry site.

Everything that varies per build (source folder, TODAY, public address, base path) is in
the BuildContext that `python -m sme_registry build` passes as SME_CONTEXT; nothing here
reads the environment."""

SITENAME = "聊城市中小企业公共服务示范平台名录"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"  # replaced by <src>/content from the build context
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"
PLUGINS = ["sme_registry.site.pelican"]
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# Pelican reads no source file: every reader is switched off and no folder is given to
# its article, page or static generators. Notices are read once, by the registry loader
# (sandboxed, validated), and their pages written by the plugin's NoticePagesGenerator
# from exactly the text that was validated (docs/security-inputs.md).
READERS = {ext: None for ext in ("md", "markdown", "mkd", "mdown", "rst", "html", "htm", "txt")}
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
ARTICLE_URL = ARTICLE_SAVE_AS = ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = ""
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""

# The registry plugin writes the home page, lists and feeds itself.
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
DEFAULT_PAGINATION = False
for _kind in ("CATEGORY", "TAG", "AUTHOR", "CATEGORIES", "TAGS", "AUTHORS", "ARCHIVES",
              "YEAR_ARCHIVE", "MONTH_ARCHIVE", "DAY_ARCHIVE", "PAGE", "PAGE_LANG"):
    globals()[f"{_kind}_SAVE_AS"] = ""
FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None

# Untrusted text is escaped everywhere; notice bodies are rendered by sme_registry.site.sanitize.
# auto_reload off: a build is one process over templates that do not change while it runs, and
# with it on Jinja stats the file of every extended or imported template at each page.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "auto_reload": False}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_SOURCES = False
TYPOGRIFY = False
