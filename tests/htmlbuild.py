"""Write generated reports as saved web pages: the report inside a government site's page
furniture (site header, navigation, breadcrumb, related links, footer), its tables with
rowspan/colspan for the merged cells, in UTF-8, GB18030 or UTF-16. The ``portal`` page is
a 政府信息公开 page: a capture tool's note and the site's metadata table (名称, 索引号,
发布机构, 公开日期…) above the report's ``<h1>``."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

from lint.facts import title_agency
from lint.lexer import fold
from tests.docxbuild import merged_regions
from tests.generate import Grid, portal_fields

CHROMES = ("semantic", "divs", "layout", "bare", "portal")


def table_html(grid: Grid, one_line_rows: bool = False) -> str:
    regions = {(r, c): (r2 - r + 1, c2 - c + 1) for r, c, r2, c2 in merged_regions(grid)}
    covered = {(rr, cc) for (r, c), (h, w) in regions.items()
               for rr in range(r, r + h) for cc in range(c, c + w)} - set(regions)
    rows = []
    for r, row in enumerate(grid.rows):
        assert all((r, c) in covered for c, cell in enumerate(row.cells) if cell.kind in "hv")
        tds = []
        for c, cell in enumerate(row.cells):
            if (r, c) in covered:
                continue
            h, w = regions.get((r, c), (1, 1))
            attrs = (f' rowspan="{h}"' if h > 1 else "") + (f' colspan="{w}"' if w > 1 else "")
            tds.append(f"<td{attrs}><p>{escape(cell.text)}</p></td>" if one_line_rows
                       else f"    <td{attrs}>{escape(cell.text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>" if one_line_rows
                    else "  <tr>\n" + "\n".join(tds) + "\n  </tr>")
    return '<table border="1">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def report_html(items: list, one_line_rows: bool = False) -> tuple[str, str]:
    """(title, body) of ``generate.blocks(spec)``: the title lines as one heading, the body."""
    title = "<br>".join(escape(text) for kind, text in items if kind == "title")
    parts = []
    for kind, content in items:
        if kind == "title":
            continue
        if isinstance(content, Grid):
            parts.append(table_html(content, one_line_rows))
        elif kind == "heading":
            parts.append(f"<h2>{escape(content)}</h2>")
        elif kind == "sub":
            parts.append(f"<h3>{escape(content)}</h3>")
        elif kind == "signature":
            parts.append(f'<p style="text-align:right">{escape(content)}</p>')
        elif kind == "comment":  # a gxlint suppression comment, written as it is
            parts.append(f"<!-- {content} -->")
        else:
            parts.append(f"<p>\u3000\u3000{escape(content)}</p>")
    return title, "\n".join(parts)


_MENU = "".join(f'<li><a href="/{i}/">{name}</a></li>'
                for i, name in enumerate(("首页", "政务公开", "政务服务", "互动交流", "走进本市")))
_RELATED = "".join(f'<li><a href="/nb/{y}.html">{y}年政府信息公开工作年度报告</a></li>'
                   for y in (2019, 2020, 2021))


def signed(items: list) -> date | None:
    """The date of the report's signature, if it has one."""
    for kind, text in reversed(items):
        m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text) if kind == "signature" else None
        if m:
            return date(*(int(g) for g in m.groups()))
    return None


def _portal_meta(items: list, title: str, published: date | None) -> str:
    """A capture note and the site's metadata table, the way portal pages show them."""
    name = "".join(text for kind, text in items if kind == "title")
    fields = dict(portal_fields(title_agency(fold(name)) or "", name, published))
    cell = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format
    return (f'<div class="meta">\n<div><strong>标题：</strong>{escape(name)}-东临市政府</div>\n'
            '<div><strong>来源：</strong><a href="http://example.invalid/nb/1.html">'
            'http://example.invalid/nb/1.html</a></div>\n'
            '<div><strong>采集时间：</strong>2030-01-01T08:00:00+08:00</div>\n</div>\n'
            f'<table class="table_content">\n<tr><td>名称</td><td colspan="3">{escape(name)}</td></tr>\n'
            + cell("索引号", fields["索引号"], "分类", fields["分类"]) + "\n"
            + cell("发布机构", escape(fields["发布机构"]), "公开日期", fields["公开日期"]) + "\n"
            + cell("文号", "", "关键词", fields["关键词"]) + "\n</table>\n")


def page_html(items: list, chrome: str = "semantic", charset: str | None = "utf-8",
              published: date | None = None) -> str:
    """``published``: the date the page says the report was published (by default the
    signature's)."""
    published = published or signed(items)
    title, body = report_html(items, one_line_rows=chrome == "bare")
    meta = f'<meta charset="{charset}">' if charset else ""
    head = (f"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n{meta}\n<title>{title}_东临市人民政府"
            "</title>\n<style>td { border: 1px solid #000 }</style>\n"
            "<script>var _hmt = _hmt || []; document.write('<div>统计代码</div>');</script>\n</head>\n")
    when = f"发布时间：{published.isoformat()} 10:20　" if published else ""
    info = f'<div class="info">{when}来源：本网　浏览次数：<span>123</span></div>'
    if chrome == "semantic":
        page = f"""<body>
<header><h1>云上东临 · 东临市人民政府门户网站</h1><p>政务公开 · 政务服务</p></header>
<nav><ul>{_MENU}</ul></nav>
<div class="article-title"><h1>{title}</h1></div>
{info}
<article>
{body}
</article>
<aside><h3>相关链接</h3><ul>{_RELATED}</ul></aside>
<footer><p>主办：东临市人民政府办公室　版权所有</p><p>网站标识码：3301000001　浙ICP备12345678号</p></footer>
<div hidden>隐藏的统计信息</div>
</body>"""
    elif chrome == "divs":
        page = f"""<body>
<div id="topBar"><a href="/">无障碍</a> <a href="/en">English</a></div>
<div class="header"><img src="logo.png" alt="东临市人民政府"><span>云上东临</span></div>
<div class="mainNav"><ul>{_MENU}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/nb/">年度报告</a></div>
<div class="con">
<div class="title"><h2>{title}</h2></div>
{info}
<div class="TRS_Editor">
{body}
</div>
<div class="tools">【<a href="javascript:print()">打印本页</a>】【<a href="javascript:close()">关闭窗口</a>】</div>
</div>
<div class="footer">主办：东临市人民政府办公室　地址：东临市府前路1号　电话：0571-88888888</div>
</body>"""
    elif chrome == "layout":
        page = f"""<body>
<table width="100%"><tr><td><table><tr><td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td><td><a href="/fw/">政务服务</a></td></tr></table></td></tr>
<tr><td>
<div style="display:none">隐藏菜单</div>
<p align="center"><b>{title}</b></p>
{body}
</td></tr>
<tr><td class="bottom"><span>版权所有：东临市人民政府办公室</span></td></tr></table>
</body>"""
    elif chrome == "portal":
        page = f"""<body>
<div class="header">云上东临</div>
{_portal_meta(items, title, published)}<h1 class="article-title">{title}</h1>
<div class="article-content" id="zoomcon">
{body}
</div>
<div class="footer">主办：东临市人民政府办公室　版权所有</div>
</body>"""
    elif chrome == "bare":
        page = f'<body lang="ZH-CN">\n<div class="WordSection1">\n<p class="MsoTitle">{title}</p>\n{body}\n</div>\n</body>'
    else:
        raise ValueError(chrome)
    return head + page + "\n</html>\n"


def write_html(items: list, path: Path, chrome: str = "semantic", encoding: str = "utf-8",
               charset: str | None = "utf-8", published: date | None = None) -> Path:
    """``encoding`` is what the bytes are in; ``charset`` what the page declares (None: nothing)."""
    text = page_html(items, chrome, charset, published)
    path.write_bytes(text.encode(encoding))
    return path
