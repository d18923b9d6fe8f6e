"""MHTML web archives (.mht, .mhtml: a page saved as one file, the way browsers and Internet
Explorer save it): the archive's HTML page is read as the saved page is, whatever its transfer
encoding and charset, with the page's findings; a .mht that is a plain page is read as one; an
archive without a page, or built to exhaust the parser, is refused with the reason."""

from __future__ import annotations

from email import encoders
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart

import pytest

from lint.adapters import read_source
from lint.engine import Options, lint_file
from lint.rulepack import load_rules
from tests.conftest import assert_binds_spec, assert_refused
from tests.generate import blocks, generate
from tests.htmlbuild import page_html
from tests.test_hostile import gxlint

RULES = load_rules()


def _archive(html: str, charset: str = "utf-8", transfer: str = "quoted-printable",
             pictures: int = 2) -> bytes:
    """A saved page as browsers write it: multipart/related, the page first, then its pictures."""
    root = MIMEMultipart("related", type="text/html")
    root["Snapshot-Content-Location"] = "http://example.invalid/nb/1.html"
    page = MIMEBase("text", "html", charset=charset)
    page.set_payload(html.encode(charset))
    (encoders.encode_quopri if transfer == "quoted-printable" else encoders.encode_base64)(page)
    page["Content-Location"] = "http://example.invalid/nb/1.html"
    root.attach(page)
    for n in range(pictures):
        picture = MIMEBase("image", "png")
        picture.set_payload(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        encoders.encode_base64(picture)
        picture["Content-Location"] = f"http://example.invalid/nb/{n}.png"
        root.attach(picture)
    return root.as_bytes()


@pytest.mark.parametrize("suffix", [".mht", ".mhtml"])
@pytest.mark.parametrize("charset, transfer", [("utf-8", "quoted-printable"), ("gb18030", "base64"),
                                               ("utf-8", "base64")])
def test_an_archived_page_reads_as_the_page(tmp_path, suffix, charset, transfer):
    spec = generate(6)
    html = page_html(blocks(spec), "portal", charset=None)  # the archive names the charset
    archive = tmp_path / f"r{suffix}"
    archive.write_bytes(_archive(html, charset, transfer))
    assert b"=E5" in archive.read_bytes() or transfer == "base64"  # really encoded
    source = read_source(archive)
    assert source.kind == "html" and [n.code for n in source.notes][-1] == "mhtml_page"
    assert_binds_spec(source, spec)
    page = tmp_path / "r.html"
    page.write_text(page_html(blocks(spec), "portal"), encoding="utf-8")
    said = {(f.rule_id, f.message) for f in lint_file(archive, RULES, Options()).findings}
    assert said == {(f.rule_id, f.message) for f in lint_file(page, RULES, Options()).findings}


def test_the_note_says_where_locations_point(tmp_path):
    archive = tmp_path / "r.mht"
    archive.write_bytes(_archive(page_html(blocks(generate(2)), "portal")))
    done = gxlint("--lang", "en", str(archive))
    assert "r.mht: note: a web archive: read its HTML page; locations are lines of that page" \
        in done.stdout + done.stderr


def test_a_plain_page_named_mht_reads_as_a_page(tmp_path):
    spec = generate(3)
    path = tmp_path / "r.mht"
    path.write_text(page_html(blocks(spec), "semantic"), encoding="utf-8")
    source = read_source(path)
    assert source.kind == "html" and "mhtml_page" not in [n.code for n in source.notes]
    assert_binds_spec(source, spec)


def _nested(depth: int) -> bytes:
    head = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n'
    opened = b"".join(b'--b%d\nContent-Type: multipart/related; boundary="b%d"\n\n' % (i, i + 1)
                      for i in range(depth))
    closed = b"".join(b"--b%d--\n" % i for i in range(depth, -1, -1))
    return head + opened + b"--b%d\nContent-Type: text/html\n\n<p>x</p>\n" % depth + closed


@pytest.mark.parametrize("content, reason", [
    (_archive("", pictures=1).replace(b"text/html", b"text/plain"), "holds no HTML page"),
    (_nested(2000), "not a web archive: parts nested too deeply"),
    (b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n'
     + b"--b\nContent-Type: image/png\n\nx\n" * 6000 + b"--b--\n", "over 5000 parts"),
])
def test_archives_refused_with_the_reason(tmp_path, content, reason):
    assert_refused(tmp_path / "r.mht", content, reason)
