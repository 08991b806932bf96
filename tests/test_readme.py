"""The README promises every command; each must exist and explain itself."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, path)
        else:
            yield path


@pytest.mark.parametrize("path", sorted(_commands(cli)), ids=" ".join)
def test_every_command_is_in_the_readme_and_has_help(path):
    assert f"baocao {' '.join(path)}" in README
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output and len(result.output.splitlines()) > 3


def test_the_readme_leads_with_the_two_setup_commands():
    quick = README.split("## Commands")[0]
    assert "make demo" in quick and "make test" in quick
