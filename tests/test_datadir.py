from pathlib import Path

from credibility.training.datadir import CHECKOUT, ENV, data_dir


def test_data_dir_defaults_to_shared_beside_the_checkout(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert data_dir() == CHECKOUT.parent / "shared" / "data"
    assert (CHECKOUT / "pyproject.toml").is_file()


def test_credibility_data_points_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setenv("CREDIBILITY_DATA", str(tmp_path))
    assert data_dir() == Path(tmp_path)


def test_an_empty_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("CREDIBILITY_DATA", "")
    assert data_dir() == CHECKOUT.parent / "shared" / "data"
