"""``zhnews report DATASET``: one self-contained HTML file that shows what a corpus holds.

Charts (plotly, its JavaScript inlined so the file works offline): documents per site
per day, text lengths, reject reasons, cleaning rules fired and characters removed,
duplicate clusters (with an example), topic scores. Each chart marks its div
``data-drawn`` once plotly has drawn it, so a browser test can tell that all of them did.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from corpus.dataset import Dataset

CHART_IDS = ("per-site-day", "text-length", "reject-reasons", "cleaning-rules", "duplicate-clusters", "topic-scores")


def write_report(dataset: Dataset, output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(dataset), encoding="utf-8")
    return output


def render_report(dataset: Dataset) -> str:
    docs = dataset.read_latest(["id", "title", "site", "published", "text", "removed", "similarity"]).to_pandas()
    rejects = dataset.read_table("rejects", ["id", "reason", "duplicate_of", "site", "text"]).to_pandas()
    docs["site"] = docs["site"].astype(str)
    sections = [
        ("Documents per site per day", per_site_day(docs), ""),
        ("Text length", text_length(docs), ""),
        ("Reject reasons", reject_reasons(rejects), ""),
        ("Cleaning rules: pieces removed and characters removed", cleaning_rules(docs), ""),
        ("Duplicate clusters", duplicate_clusters(rejects), cluster_example(docs, rejects)),
        ("Topic scores (similarity to the seed corpus)", topic_scores(docs), ""),
    ]
    body = "\n".join(
        f"<section><h2>{html.escape(title)}</h2>{_chart(figure, chart_id)}{extra}</section>"
        for chart_id, (title, figure, extra) in zip(CHART_IDS, sections)
    )
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>zhnews corpus report: {html.escape(str(dataset.path))}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto}} section{{margin-bottom:2em}}
table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}}</style>
<script>{get_plotlyjs()}</script></head>
<body><h1>zhnews corpus report</h1>
<p>{len(docs)} documents (newest revisions), {len(rejects)} rejects, from <code>{html.escape(str(dataset.path))}</code>.</p>
{body}
</body></html>
"""


def _chart(figure: go.Figure, chart_id: str) -> str:
    figure.update_layout(height=380, margin=dict(l=50, r=20, t=30, b=50))
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=chart_id,
                          post_script=f"document.getElementById('{chart_id}').dataset.drawn = 'yes';")


def per_site_day(docs: pd.DataFrame) -> go.Figure:
    dated = docs.dropna(subset=["published"])
    days = dated.assign(day=dated["published"].dt.strftime("%Y-%m-%d")).groupby(["site", "day"]).size()
    figure = go.Figure([go.Bar(name=site, x=counts.index.get_level_values("day"), y=counts.values)
                        for site, counts in days.groupby(level="site")])
    # Days as categories: a corpus spans years, and bars one day wide on a time axis vanish.
    return figure.update_layout(barmode="stack", xaxis=dict(title="day of publication", type="category",
                                                            categoryorder="category ascending"),
                                yaxis_title="documents")


def text_length(docs: pd.DataFrame) -> go.Figure:
    figure = go.Figure([go.Histogram(x=docs["text"].str.len(), nbinsx=40)])
    return figure.update_layout(xaxis_title="characters", yaxis_title="documents")


def reject_reasons(rejects: pd.DataFrame) -> go.Figure:
    counts = rejects["reason"].value_counts()
    return go.Figure([go.Bar(x=counts.index, y=counts.values)]).update_layout(yaxis_title="rejects")


def cleaning_rules(docs: pd.DataFrame) -> go.Figure:
    pieces, characters = Counter(), Counter()
    for removed in docs["removed"]:
        for piece in removed:
            pieces[piece["rule"]] += 1
            characters[piece["rule"]] += len(piece["text"])
    rules = sorted(pieces, key=pieces.get, reverse=True)
    figure = go.Figure([
        go.Bar(name="pieces removed", x=rules, y=[pieces[r] for r in rules], offsetgroup=1),
        go.Bar(name="characters removed", x=rules, y=[characters[r] for r in rules], yaxis="y2", offsetgroup=2),
    ])
    return figure.update_layout(barmode="group", yaxis_title="pieces",
                                yaxis2=dict(title="characters", overlaying="y", side="right"))


def _clusters(rejects: pd.DataFrame) -> dict[str, list[dict]]:
    clusters = defaultdict(list)
    for row in rejects.dropna(subset=["duplicate_of"]).to_dict("records"):
        clusters[row["duplicate_of"]].append(row)
    return clusters


def duplicate_clusters(rejects: pd.DataFrame) -> go.Figure:
    sizes = Counter(1 + len(members) for members in _clusters(rejects).values())
    figure = go.Figure([go.Bar(x=[str(s) for s in sorted(sizes)], y=[sizes[s] for s in sorted(sizes)])])
    return figure.update_layout(xaxis_title="copies of one article (the kept one included)", yaxis_title="clusters")


def cluster_example(docs: pd.DataFrame, rejects: pd.DataFrame) -> str:
    clusters = _clusters(rejects)
    kept = docs.set_index("id")
    example = next((k for k in sorted(clusters, key=lambda k: -len(clusters[k])) if k in kept.index), None)
    if example is None:
        return "<p>No duplicates yet.</p>"
    rows = [("kept", kept.loc[example, "site"], example, kept.loc[example, "text"])]
    rows += [(m["reason"], m["site"], m["id"], m["text"]) for m in clusters[example]]
    cells = "".join(f"<tr><td>{html.escape(str(role))}</td><td>{html.escape(str(site))}</td>"
                    f"<td><code>{doc_id}</code></td><td>{html.escape(str(text)[:160])}…</td></tr>"
                    for role, site, doc_id, text in rows)
    return f"<p>The largest cluster:</p><table><tr><th></th><th>site</th><th>id</th><th>text</th></tr>{cells}</table>"


def topic_scores(docs: pd.DataFrame) -> go.Figure:
    figure = go.Figure([go.Histogram(x=docs["similarity"].dropna(), nbinsx=30)])
    return figure.update_layout(xaxis_title="similarity", yaxis_title="documents")
