from scripts.search_bench import main

raise SystemExit(main())
