from sme_registry.cli import main

raise SystemExit(main())
