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
PLUGINS = ["sme_registry.pelican_plugin"]
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# Notices (通知公告) are Pelican articles; the file name is the slug.
ARTICLE_PATHS = ["notices"]
PAGE_PATHS = []
STATIC_PATHS = []
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = ARTICLE_SAVE_AS = "notices/{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = ""
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "通知公告"

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

# Untrusted text is escaped everywhere; notice bodies go through an allow-list sanitiser.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_SOURCES = False
TYPOGRIFY = False
