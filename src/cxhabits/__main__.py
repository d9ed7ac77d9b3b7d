from cxhabits.cli import main

main()
