"""Docs stay honest: every CLI command has help text and a README entry; the README keeps the two set-up commands."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from newsledger.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


def test_docs_readme_quick_start_is_make_demo_and_make_test():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^make (\w+)", quick_start, flags=re.MULTILINE) == ["demo", "test"]


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_every_command_has_a_readme_section(command):
    assert f"### newsledger {command}\n" in README, f"README.md has no '### newsledger {command}' section"


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help and len(main.commands[command].help.strip()) > 20


def test_docs_readme_documents_no_command_that_does_not_exist():
    documented = set(re.findall(r"^### newsledger (\S+)$", README, flags=re.MULTILINE))
    assert documented == set(COMMANDS)
