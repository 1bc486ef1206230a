"""`pip install .` (not only editable) must carry the bundled model and score with it."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("credibility-*.whl")
    return found


def test_wheel_contains_the_default_model_and_training(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "credibility/models/default/card.json",
        "credibility/models/default/model.joblib",
        "credibility/cli.py",
        "credibility/signals/vocabulary.json.gz",
        "training/train.py",
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
