from seenheard.cli import main

main()
