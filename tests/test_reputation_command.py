import json

from credibility.cli import main


def test_lookup_prints_each_list_in_its_own_words(capsys):
    assert main(["sources", "http://M.NYTimes.com:443/x", "example-unknown.org"]) == 0
    assert capsys.readouterr().out == (
        "nytimes.com  reliable  (2 lists)\n"
        "  mbfc                    reliable    factual reporting high; bias left-center\n"
        "  golden-truth/newsguard  reliable    label 1, from newsguard (NewsGuard score 100.0)\n"
        "example-unknown.org  unknown  (on none of the lists)\n"
    )


def test_a_name_match_says_how_it_was_found(capsys):
    main(["sources", "cookcountyrecord.com"])
    assert capsys.readouterr().out.splitlines()[0] == (
        "cookcountyrecord.com  unreliable  (1 list, found as name:cookcountyrecord)"
    )


def test_json_and_a_bad_domain_exit_1_after_the_others(capsys):
    assert main(["sources", "--json", "infowars.com", "not a domain"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["rating"] for d in data] == ["unreliable", "unknown"]
    assert data[1]["domain"] == ""


def test_add_list_and_remove_a_users_layer(tmp_path, capsys, state_dir):
    mine = tmp_path / "mine.csv"
    mine.write_text("domain,rating,note\nexample-unknown.org,deny,seen spamming\n")
    assert main(["sources", "--add", str(mine)]) == 0
    assert (
        capsys.readouterr().out == f"added 1 domains, replaced 0, in {state_dir / 'sources.csv'}\n"
    )
    main(["sources", "example-unknown.org"])
    assert capsys.readouterr().out == (
        "example-unknown.org  unreliable  (1 list)\n  user  unreliable  seen spamming\n"
    )
    main(["sources"])
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"your layer: {state_dir / 'sources.csv'} (1 domains, read over the lists)"
    )
    assert main(["sources", "--remove", "example-unknown.org"]) == 0
    main(["sources", "example-unknown.org"])
    assert "unknown" in capsys.readouterr().out.splitlines()[-1]


def test_listing_names_every_list_with_its_licence(capsys):
    main(["sources"])
    out = capsys.readouterr().out
    assert out.startswith("shipped table ")
    for name in ("mbfc", "golden-truth", "pink-slime", "hanley-durumeric"):
        assert f"\n  {name} " in out
    for name in ("mbfc-baly", "opensources"):  # sources.csv states no licence: not shipped
        assert f"\n  {name} " not in out
    assert "licence Apache-2.0" in out and "licence MIT" in out
    assert out.splitlines()[-1].startswith("your layer: none yet at ")


def test_add_errors_are_one_line(tmp_path, capsys):
    assert main(["sources", "--add", str(tmp_path / "absent.csv")]) == 1
    assert (
        capsys.readouterr().err == f"credibility: error: {tmp_path / 'absent.csv'}: no such file\n"
    )
