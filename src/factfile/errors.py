"""The few errors factfile raises; each message says what to do about it.

The CLI turns a `FactfileError` into one clean line on stderr. Anything else
escaping is a bug in factfile, not a problem with the user's input.
"""


class FactfileError(Exception):
    """Base of every error factfile means to show a user."""


class UsageError(FactfileError):
    """The command line or configuration asks for something impossible (exit 2)."""


class InputError(FactfileError):
    """One input file or record cannot be read; the rest of the corpus goes on."""


class OutputError(FactfileError):
    """The output folder or file cannot be written."""
