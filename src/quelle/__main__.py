"""`python -m quelle` runs the command line."""

from quelle.cli import main

main()
