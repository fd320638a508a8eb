"""`python -m netmd` runs the command line."""

from netmd.cli import main

if __name__ == "__main__":
    main()
