"""The two ways a staff command refuses, with their exit codes."""

from __future__ import annotations


class ScaffoldError(Exception):
    """The change cannot be made as asked (the registry or the regulation forbids it). Exit 1."""


class InputError(Exception):
    """A value given by the user is malformed or refers to nothing. Exit 2."""
