"""Staff work on the registry: new platforms and notices, renewals, revocations.

The seams, one module each:

- `vocabulary`  the regulation's words the commands offer (to move into the regulation module);
- `errors`      ScaffoldError (the registry or the regulation forbids the change, exit 1) and
                InputError (a malformed answer, exit 2);
- `answers`     pure checks and normalisers for one typed answer (URL, phone, county, services …);
- `queries`     look-ups on a loaded registry (open 公示, next id, free file names …);
- `yaml_text`   new platform files as text that the strict reader reads back unchanged;
- `yaml_edit`   round-trip edits of existing platform files (comments and key order kept);
- `notices`     notice headers and bodies, the bodies from the Jinja templates in `templates/`;
- `transaction` ChangeSet: write several files, validate, roll back on a new error;
- `prompting`   the interactive questions; `drafts` keeps typed answers when a command fails;
- `summary`     what was written and what to do next; `workflows` the commands; `cli` the parser.

Other code (the spreadsheet import, for one) writes through `ChangeSet` and the functions
of `yaml_text`, `yaml_edit` and `notices`; they never prompt and never print.
"""

from sme_registry.staff.errors import InputError, ScaffoldError
from sme_registry.staff.notices import add_platform_to_notice, render_notice
from sme_registry.staff.transaction import ChangeSet, Outcome
from sme_registry.staff.yaml_edit import add_pending, add_revocation, add_term
from sme_registry.staff.yaml_text import PlatformInfo, render_platform, yaml_scalar

__all__ = [
    "ChangeSet", "InputError", "Outcome", "PlatformInfo", "ScaffoldError", "add_pending", "add_platform_to_notice",
    "add_revocation", "add_term", "render_notice", "render_platform", "yaml_scalar",
]
