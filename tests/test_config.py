"""config.toml: settings read, every problem reported as `path:line: message`, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.config import Config, config_file, read_config


def write_config(home: Path, text: str | bytes) -> Path:
    path = config_file()
    assert path == home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


def test_a_missing_file_means_defaults_and_no_problems() -> None:
    assert read_config() == (Config(), [])


def test_settings_are_read(private_home: Path) -> None:
    write_config(private_home, "autoplay = false\n")
    assert read_config() == (Config(autoplay=False), [])


def test_bad_toml_names_file_line_and_column(private_home: Path) -> None:
    path = write_config(private_home, "# settings\n\nautoplay = tru\n")
    config, problems = read_config()
    assert config == Config()
    assert [str(p) for p in problems] == [
        f"{path}:3: not valid TOML: Invalid value (column 12); using default settings"]


def test_an_error_at_the_end_of_the_file_points_at_its_last_line(private_home: Path) -> None:
    path = write_config(private_home, "autoplay = false\nnext")
    _, problems = read_config()
    assert [(p.path, p.line) for p in problems] == [(path, 2)]
    assert "Expected '='" in problems[0].message


def test_unknown_keys_and_wrong_types_are_reported_at_their_line(private_home: Path) -> None:
    path = write_config(private_home,
                        '# mine\nautoplay = "yes"\ntheme = "dark"\n\n[keys]\nquit = "x"\n')
    config, problems = read_config()
    assert config == Config()
    assert [str(p) for p in problems] == [
        f"{path}:2: 'autoplay' must be true or false, not \"yes\"; using true",
        f"{path}:3: unknown setting 'theme' is ignored (known: autoplay, keymap)",
        f"{path}:5: unknown setting 'keys' is ignored (known: autoplay, keymap)",
    ]


def test_good_settings_survive_beside_bad_ones(private_home: Path) -> None:
    write_config(private_home, "colour = 1\nautoplay = false\n")
    config, problems = read_config()
    assert config == Config(autoplay=False)
    assert [p.line for p in problems] == [1]


def test_not_utf8_and_unreadable_files_are_reported(private_home: Path) -> None:
    path = write_config(private_home, b"autoplay = false\n# caf\xe9\n")
    assert [str(p) for p in read_config()[1]] == [
        f"{path}:2: not UTF-8 text; using default settings"]
    path.unlink()
    path.mkdir()
    assert [str(p) for p in read_config()[1]] == [
        f"{path}:1: cannot read: Is a directory; using default settings"]


def test_control_characters_from_the_file_never_reach_the_terminal(private_home: Path) -> None:
    write_config(private_home, '"\\u001b[31mred\\u0007" = 1\n')
    problem, = read_config()[1]
    assert "\x1b" not in str(problem) and "\x07" not in str(problem)
    assert "unknown setting '[31mred'" in str(problem)


def test_the_cli_reports_config_problems_on_stderr_and_still_runs(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(private_home, "autoplay = 1\n")
    assert main(["math", "x^2"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "x²"
    assert captured.err.splitlines() == [
        f"{path}:1: 'autoplay' must be true or false, not 1; using true"]


def test_a_config_dir_that_is_a_file_means_defaults(private_home: Path) -> None:
    (private_home / "config").write_text("in the way", "utf-8")
    assert read_config() == (Config(), [])
