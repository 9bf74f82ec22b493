"""The command line as a user meets it: help that teaches, the installed script, exit codes."""

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLE

from factfile.cli import main


@pytest.mark.parametrize("command", [[], ["build"], ["add"], ["serve"], ["report"], ["validate"], ["eval"]])
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(command + ["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and "factfile " in out


def test_installed_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "factfile.cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("factfile ")


def test_build_writes_a_valid_factfile_and_a_summary(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'factfile.json'}" in out
    assert main(["validate", str(tmp_path / "factfile.json")]) == 0
    assert "valid factfile/1" in capsys.readouterr().out


def test_validate_reports_a_span_that_does_not_quote_its_text(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path), "-q"]) == 0
    path = tmp_path / "factfile.json"
    data = json.loads(path.read_text())
    doc = data["documents"][0]
    data["warnings"].append({"doc": doc["id"], "kind": "test", "message": "m", "start": 0, "end": 10 ** 6})
    path.write_text(json.dumps(data))
    assert main(["validate", str(path)]) == 1
    last = len(data["warnings"]) - 1
    assert f"warnings/{last}: span 0:1000000 is outside the document's text" in capsys.readouterr().out
    data["documents"][0]["published"] = "12 March"
    path.write_text(json.dumps(data))
    assert main(["validate", str(path)]) == 1
    assert "documents/0/published" in capsys.readouterr().out


def test_validate_a_file_that_is_not_json(tmp_path, capsys):
    (tmp_path / "x.json").write_text("{oops")
    assert main(["validate", str(tmp_path / "x.json")]) == 1
    assert "is not JSON" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "build" in capsys.readouterr().out
