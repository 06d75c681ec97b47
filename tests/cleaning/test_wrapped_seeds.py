"""Seed articles wrapped in page furniture worded as no seed words it: all of it goes, none of the article.

The wrappers are made up here, in the shapes real pages have (cleaning-dev), with names and
wording that no rule lists, so they test the shape rules, not the phrase lists.
"""

from pathlib import Path

import pytest

from cleaners.base import join_paragraphs, split_paragraphs
from cleaners.pipeline import clean_text

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds" / "documents").glob("*.txt"))


def wrapped_in_jiangnan(title: str, body: list[str]) -> tuple[str, list[str]]:
    top = ["江南新闻在线", "首页 | 新闻 | 财经 | 体育 | 娱乐 | 视频", "当前所在:首页>>国内新闻>>正文", f"{title} - 江南新闻在线", "字体:大 中 小"]
    middle = ["发布日期:2024-05-14 来源:江南日报 作者:张三 阅读:123", "【打印本页】【关闭窗口】", "分享到:"]
    bottom = [
        "上一篇:市政府召开常务会议", "下一篇:我市召开经济运行分析会", "(责任编辑:李四)", "相关阅读", "我市举行重大项目集中开工仪式",
        "全市经济运行稳中向好", "Copyright © 2024 江南新闻在线 All Rights Reserved", "苏ICP备12345678号-1",
        "扫码关注江南新闻在线公众号", "网友评论", "关于我们 | 联系我们 | 网站地图 | 广告服务", "江南新闻在线 传递江南好声音",
    ]
    return join_paragraphs([*top, title, *middle, *body, *bottom]), [*top, *middle, *bottom]


def wrapped_in_a_portal(title: str, body: list[str]) -> tuple[str, list[str]]:
    top = ["Skip to main content", "登录 注册 APP 客户端 搜索 更多", "滨海融媒", "您所在的位置 首页 时政 正文"]
    middle = ["2024年05月14日 09:30 滨海日报", "A- A+", "📱 下载滨海融媒客户端,看更多本地新闻"]
    bottom = [
        "本文共1288字", "(完)", "【纠错】 【责任编辑:王五】", "推荐阅读", "· 滨海新区举行招商引资推介会",
        "· 市领导调研重点项目建设", "滨海融媒 版权所有 未经授权不得转载", "鲁公网安备 37000000000000号", "qrcode", "返回顶部",
    ]
    return join_paragraphs([*top, title, *middle, *body, *bottom]), [*top, *middle, *bottom]


@pytest.mark.parametrize("wrap", [wrapped_in_jiangnan, wrapped_in_a_portal])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_a_wrapped_seed_comes_out_as_the_seed_cleans(seed, wrap):
    clean = split_paragraphs(clean_text(seed.read_text(encoding="utf-8")).text)
    text, noise = wrap(clean[0], clean[1:])
    out = split_paragraphs(clean_text(text).text)
    assert out[0] == clean[0]
    assert [p for p in clean[1:] if p not in out] == []
    assert [line for line in noise if line in out] == []
