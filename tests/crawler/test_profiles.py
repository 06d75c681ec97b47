"""Profile files: where they are found, which one wins, and mistakes refused with file and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.profiles import (
    PROFILES_DIR, PROFILES_ENV, ProfileError, generic_profile, load_profile, load_profiles, profile_dirs, profile_files,
    profile_for_site, profile_names,
)

REPO = Path(__file__).resolve().parents[2]
MINIMAL = 'domains = ["news.example.cn"]\nstart_urls = ["https://news.example.cn/"]\n'


def write_profile(folder: Path, name: str, text: str = MINIMAL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_user_profiles(monkeypatch):
    """Each test starts from the shipped profiles only, whatever the developer's environment says."""
    monkeypatch.delenv(PROFILES_ENV, raising=False)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (MINIMAL + "article_pattern = ['^/a/']\n",
         "a profile has no setting 'article_pattern' (did you mean 'article_patterns'?)"),
        (MINIMAL + "encoding = 'gbk'\n", "a profile has no setting 'encoding' (known: article_patterns, charset, "),
        (MINIMAL + "[crawl]\ndepth = 2\n", "a profile has no setting 'crawl' (known: "),
        (MINIMAL + "[cleaning]\nsite_name = ['新闻网']\n",
         "[cleaning] has no setting 'site_name' (did you mean 'site_names'?)"),
        (MINIMAL + "[politeness]\ndelay = 2\n",
         "[politeness] has no setting 'delay' (known: concurrent_requests_per_domain, download_delay)"),
    ],
)
def test_an_unknown_key_is_an_error_naming_the_file_and_the_key(tmp_path, text, error):
    path = write_profile(tmp_path, "site", text)
    with pytest.raises(ProfileError) as raised:
        load_profile("site", tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {error}")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('start_urls = ["https://a.cn/"]\n', "no domains"),
        (MINIMAL + "charset = 'gbkk'\n", "charset 'gbkk' is no charset Python knows"),
        (MINIMAL + "similarity_threshold = 'high'\n", "'similarity_threshold' must be a number"),
        (MINIMAL + "[politeness]\nconcurrent_requests_per_domain = 1.5\n", "must be an integer"),
        (MINIMAL + "title = ['a']\n", "'title' must be a string"),
        (MINIMAL + "cleaning = 'x'\n", "'cleaning' must be a table"),
    ],
)
def test_values_the_crawler_cannot_use_are_errors_naming_the_file(tmp_path, text, error):
    path = write_profile(tmp_path, "site", text)
    with pytest.raises(ProfileError, match=error) as raised:
        load_profile("site", tmp_path)
    assert str(raised.value).startswith(f"{path}: ")


def test_every_key_a_profile_may_have_is_read(tmp_path):
    write_profile(tmp_path, "full", """
name = "full"
title = "全站"
domains = ["news.example.cn"]
start_urls = ["https://news.example.cn/list.html"]
sitemaps = ["https://news.example.cn/sitemap.xml"]
feeds = ["https://news.example.cn/rss.xml"]
article_patterns = ['^/a/\\d+\\.html$']
list_patterns = ['^/list\\.html$']
continuation_patterns = ['^/a/\\d+_\\d+\\.html$']
charset = "gb2312"
similarity_threshold = 0.2

[cleaning]
site_names = ["示例新闻网"]
footer_markers = ["版权所有"]

[politeness]
download_delay = 2.5
concurrent_requests_per_domain = 1
""")
    profile = load_profile("full", tmp_path)
    assert (profile.title, profile.charset, profile.similarity_threshold) == ("全站", "gb2312", 0.2)
    assert profile.discovery == ("list pages", "sitemaps", "feeds")
    assert profile.hints.footer_markers == ("版权所有",)
    assert (profile.download_delay, profile.concurrent_requests_per_domain) == (2.5, 1)


def test_the_topic_gate_is_on_only_where_a_profile_asks(tmp_path):
    # Issue #10: on a site the user chose every article is kept, its score recorded.
    write_profile(tmp_path, "plain")
    assert load_profile("plain", tmp_path).similarity_threshold is None
    assert generic_profile("https://www.example.gov.cn/").similarity_threshold is None
    assert load_profile("jfdaily").similarity_threshold == 0.10  # its replica holds gossip to reject


def test_user_folders_add_profiles_and_override_shipped_ones(tmp_path, monkeypatch):
    from_env, from_option = tmp_path / "env", tmp_path / "option"
    write_profile(from_env, "mine")
    write_profile(from_env, "sasac", MINIMAL.replace("news.example.cn", "env.example.cn"))
    write_profile(from_option, "sasac", MINIMAL.replace("news.example.cn", "option.example.cn"))
    monkeypatch.setenv(PROFILES_ENV, str(from_env))

    assert profile_dirs([from_option]) == (PROFILES_DIR, from_env, from_option)
    assert profile_names() == sorted([*profile_names(PROFILES_DIR), "mine"])
    assert load_profile("sasac").domains == ("env.example.cn",)  # the environment's beats the shipped one
    assert load_profile("sasac", profile_dirs([from_option])).domains == ("option.example.cn",)
    assert profile_files(profile_dirs([from_option]))["sasac"] == from_option / "sasac.toml"
    assert [p.name for p in load_profiles()] == profile_names()
    # reprocess finds a site's profile the same way, and a site without one gets the generic profile.
    assert profile_for_site("mine").domains == ("news.example.cn",)
    assert profile_for_site("www.example.org").detect_articles_by_structure


def test_a_user_folder_that_is_not_there_is_an_error(tmp_path, monkeypatch):
    with pytest.raises(ProfileError, match=f"profile folder {tmp_path / 'nope'} is not a folder"):
        profile_dirs([tmp_path / "nope"])
    monkeypatch.setenv(PROFILES_ENV, str(tmp_path / "gone"))
    with pytest.raises(ProfileError, match=f"{PROFILES_ENV} names {tmp_path / 'gone'}"):
        load_profile("sasac")


def test_the_spider_reads_user_profiles_from_the_environment(tmp_path, monkeypatch):
    # scrapy crawl -a site=NAME loads the profile by name, with no --profiles to pass.
    write_profile(tmp_path, "mine")
    monkeypatch.setenv(PROFILES_ENV, str(tmp_path))
    from crawler.spiders.news import NewsSpider

    spider = NewsSpider(site="mine", output=str(tmp_path / "dataset"))
    assert spider.profiles["mine"].start_urls == ("https://news.example.cn/",)


# -- the command line ------------------------------------------------------------------


def zhnews(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "zhnews.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        env=environment,
    )


def test_sites_lists_name_title_domains_and_discovery():
    result = zhnews("sites")
    assert result.returncode == 0, result.stderr
    for name in profile_names(PROFILES_DIR):
        profile = load_profile(name, PROFILES_DIR)
        line = next(line for line in result.stdout.splitlines() if f" {name} " in line)
        assert profile.title.split(" / ")[0] in line and profile.domains[0] in line and "shipped" in line
        assert ", ".join(profile.discovery) in line


def test_sites_shows_user_profiles_and_where_they_come_from(tmp_path):
    path = write_profile(tmp_path, "mine", 'title = "我的站"\n' + MINIMAL)
    result = zhnews("sites", "--profiles", str(tmp_path))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if " mine " in line)
    assert "我的站" in line and "news.example.cn" in line and str(path) in line


def test_a_bad_profile_is_a_one_line_error_with_exit_status_2(tmp_path):
    path = write_profile(tmp_path, "sasac", MINIMAL + "[cleaning]\nsite_name = ['国资委']\n")
    for command in (["sites"], ["crawl", "sasac"], ["crawl", "--all"]):
        result = zhnews(*command, "--profiles", str(tmp_path))
        assert result.returncode == 2, command
        assert result.stderr == (
            f"error: {path}: [cleaning] has no setting 'site_name' (did you mean 'site_names'?)\n"
        ), command
    result = zhnews("sites", env={PROFILES_ENV: str(tmp_path)})
    assert result.returncode == 2 and "[cleaning] has no setting 'site_name'" in result.stderr


def test_crawl_with_a_missing_profile_folder_is_an_error(tmp_path):
    result = zhnews("crawl", "sasac", "--profiles", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr == f"error: profile folder {tmp_path / 'nope'} is not a folder\n"
