import pytest

from cleaners.base import join_paragraphs
from cleaners.breadcrumb import BreadcrumbRemover

remove_breadcrumbs = BreadcrumbRemover()

TITLE = "政企携手共育专精特新“小巨人”"
BODY = "8月30日,2021年度第二期“政企交融汇”活动举行。"


@pytest.mark.parametrize(
    "crumb",
    [
        "当前位置:首页 > 新闻中心 > 新闻中心详情",  # seed 001
        "当前位置:首页 > 绿巨人快讯 > 正文内容",  # seed 003
        "当前位置:首页 > 徐州新闻 > 要闻 > 正文",  # seed 004
        "您现在的位置:首页 >> 要闻",
        "您当前的位置:网站首页 → 新闻中心 → 正文",
        "位置:首页 > 政务公开",
        "首页 > 徐州新闻 > 要闻 > 正文",
        "首页 >> 新闻中心 >> 政企携手共育专精特新“小巨人”",
        "» 首页 » 要闻 » 正文",
        "首页 / 新闻 / 正文",
        "Home > News",
        "新浪首页 > 读书频道 > > 乔冠华才情人生 > 正文",
        "搜狐首页 - 新闻 - 体育 - 娱乐圈 - 财经",
        "> 产经资讯 > 商贸 > > 点击财富专题 > 正文",
        "您所在的位置 首页 专题频道 国内专题 新春走基层2022",
        "当前栏目:要闻动态",
    ],
)
def test_breadcrumb_goes(crumb):
    result = remove_breadcrumbs(join_paragraphs([crumb, TITLE, BODY]))
    assert result.text == join_paragraphs([TITLE, BODY])
    assert len(result.removed) == 1 and result.removed[0].text == crumb
    assert result.removed[0].rule.startswith("breadcrumb.")


@pytest.mark.parametrize(
    "line",
    [
        "数据显示,一季度增速>5%的企业占比过半,首页推荐位价格上涨。",
        "首页改版后,用户可以一键直达办事大厅",
        "项目位置:徐州市经济技术开发区",
        "研发 > 中试 > 量产",
        "位置决定高度",
        "他的位置 首先要摆正",
        "从研发到量产 > 正文",
    ],
)
def test_sentences_with_arrows_or_home_survive(line):
    text = join_paragraphs([TITLE, line, BODY])
    assert remove_breadcrumbs(text).text == text


def test_a_section_label_before_the_headline_is_cut_off_it():
    # cleaning-dev 010: 社论 | 习近平再次明确表示民营经济拥有领导层的支持
    result = BreadcrumbRemover()("社论 | 习近平再次明确表示民营经济拥有领导层的支持\n\n正文。")
    assert result.text == "习近平再次明确表示民营经济拥有领导层的支持\n\n正文。"
    assert [(r.rule, r.text) for r in result.removed] == [("breadcrumb.section_label", "社论 |")]


@pytest.mark.parametrize("line", ["收入 | 支出 | 结余", "甲方 > 乙方。合同约定如下内容。"])
def test_a_table_row_or_a_sentence_with_a_bar_keeps_its_start(line):
    text = f"标题\n\n{line}"
    assert BreadcrumbRemover()(text).text == text


def test_a_name_before_a_sites_domain_is_the_headline_not_a_section_label():
    # benchmark 59562291 (a blog's first post): the page names its headline 海姑娘 | blog.wenxuecity.com
    text = "海姑娘 | blog.wenxuecity.com\n\n正文。"
    assert BreadcrumbRemover()(text).text == text
    # near miss: after the label a Chinese headline follows, and the label goes
    assert BreadcrumbRemover()("社论 | 习近平会见blog作者代表\n\n正文。").text == "习近平会见blog作者代表\n\n正文。"
