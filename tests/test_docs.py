"""The README shows what the tool really prints and documents every command."""

import os

from conftest import REPO

from factfile.cli import _parser, main

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_summary_is_what_the_example_prints(tmp_path, capsys):
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(["build", "examples/gobi-rail", "-o", str(tmp_path)]) == 0
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out.splitlines()[:-1]  # all but the "wrote <path>" line
    for line in printed:
        assert line in README, f"README's example output is stale: {line!r}"


def test_every_command_is_in_the_readme():
    commands = _parser()._subparsers._group_actions[0].choices
    for command in commands:
        assert f"factfile {command}" in README, command
