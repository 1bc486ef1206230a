"""`pip install .` (not only editable) must carry the bundled model and score with it."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, and what building it printed (verbose: setuptools' warnings included)."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("credibility-*.whl")
    return found, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(built: tuple[Path, str]) -> Path:
    return built[0]


def test_building_prints_no_setuptools_warning(built):
    log = built[1]
    assert "running bdist_wheel" in log  # the verbose log is really there
    for warning in (
        "BuildBackendWarning",
        "SetuptoolsWarning",
        "DeprecationWarning",
        "absent from",
    ):
        assert warning not in log, log


def test_wheel_installs_one_top_level_package_with_its_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {name.split("/")[0] for name in names} == {"credibility", "credibility-0.1.0.dist-info"}
    assert {
        "credibility/models/default/card.json",
        "credibility/models/default/model.joblib",
        "credibility/models/default/plots/roc.png",
        "credibility/cli.py",
        "credibility/signals/vocabulary.json.gz",
        "credibility/reputation/reputation.json.gz",
        "credibility/reputation/licences/LICENSE-MELALab-nela-pink-slime",
        "credibility/training/train.py",
        "credibility/training/baseline.json",
        "credibility/webapp/templates/index.html",
        "credibility/webapp/static/style.css",
    } <= names


def test_installed_copy_scores_with_its_bundled_model(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import credibility;"
        "assert credibility.__file__.startswith(sys.argv[1]), credibility.__file__;"
        "from credibility import score; r = score(open(sys.argv[2]).read());"
        "print(r.label, r.model.split('@')[0])"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(tmp_path / "site"),
            str(ROOT / "tests" / "fixtures" / "news-story.txt"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["credible", "default"]
