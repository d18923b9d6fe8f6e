"""Why a file cannot be read, in English and Chinese: the one table of input-error reasons.

A reason is a code with format arguments; ``InputError(path, "too_large", size=200, limit=50)``
is printed in the run's language. To add a reason, add a row here (both languages, the same
``{placeholders}``); tests check every code raised in ``lint/`` has a row. Details from
libraries or the OS (``{detail}``) are passed through as they are.
"""

from __future__ import annotations

# code -> (English, Chinese)
REASONS: dict[str, tuple[str, str]] = {
    # any file (lint/adapters/__init__.py, lint/walk.py, lint/cli.py)
    "missing": ("no such file or directory", "文件或文件夹不存在"),
    "no_permission": ("cannot read: permission denied", "无法读取：没有读取权限"),
    "cannot_read": ("cannot read: {detail}", "无法读取：{detail}"),
    "directory": ("is a directory", "这是文件夹，不是文件"),
    "too_large": ("file too large ({size} MB; the limit is {limit} MB)",
                  "文件过大（{size} MB，上限为 {limit} MB）"),
    "empty": ("empty file", "空文件"),
    "configuration": ("configuration: {detail}", "配置文件有误：{detail}"),
    "configuration_again": ("not linted: the configuration error told for {first}",
                            "未检查：配置文件有误，见 {first}"),
    "line_too_long": ("line {line} is {length} characters long (the limit is {limit})",
                      "第 {line} 行长达 {length} 个字符（上限为 {limit}）"),
    # formats gxlint does not read (formats.py)
    "format_doc": ("Word 97-2003 document ({suffix}): save it as .docx, or install LibreOffice "
                   "(soffice) and gxlint converts it",
                   "Word 97-2003 文档（{suffix}），请另存为 .docx，或安装 LibreOffice（soffice）由 gxlint 自动转换"),
    "format_wps": ("WPS Writer document ({suffix}): save it as .docx, or install LibreOffice "
                   "(soffice) and gxlint converts it",
                   "WPS 文字文档（{suffix}），请另存为 .docx，或安装 LibreOffice（soffice）由 gxlint 自动转换"),
    "format_odt": ("OpenDocument text ({suffix}): save it as .docx, or install LibreOffice "
                   "(soffice) and gxlint converts it",
                   "OpenDocument 文本（{suffix}），请另存为 .docx，或安装 LibreOffice（soffice）由 gxlint 自动转换"),
    "format_rtf": ("RTF document ({suffix}): save it as .docx, or install LibreOffice "
                   "(soffice) and gxlint converts it",
                   "RTF 文档（{suffix}），请另存为 .docx，或安装 LibreOffice（soffice）由 gxlint 自动转换"),
    "format_et": ("WPS spreadsheet ({suffix}), not a report: lint the report itself (.docx, .pdf, "
                  ".txt, .html)", "WPS 表格（{suffix}），不是报告正文；请检查报告本身（.docx、.pdf、.txt、.html）"),
    "format_xls": ("Excel 97-2003 spreadsheet ({suffix}), not a report: lint the report itself "
                   "(.docx, .pdf, .txt, .html)",
                   "Excel 97-2003 表格（{suffix}），不是报告正文；请检查报告本身（.docx、.pdf、.txt、.html）"),
    "format_xlsx": ("Excel spreadsheet ({suffix}), not a report: lint the report itself "
                    "(.docx, .pdf, .txt, .html)",
                    "Excel 表格（{suffix}），不是报告正文；请检查报告本身（.docx、.pdf、.txt、.html）"),
    "format_ofd": ("OFD document ({suffix}), which gxlint cannot read: export it as PDF",
                   "OFD 版式文档（{suffix}），gxlint 无法读取；请导出为 PDF"),
    "format_image": ("image ({suffix}), no text to read: lint the report's own file, or OCR it "
                     "first", "图片（{suffix}），没有可读的文字；请检查报告原文件，或先做文字识别（OCR）"),
    "format_ole": ("a Word 97-2003, Excel 97-2003 or WPS file (OLE), not text: save it as "
                   ".docx", "这是 Word 97-2003、Excel 97-2003 或 WPS 文件（OLE 格式），不是文本；请另存为 .docx"),
    "convert_failed": ("LibreOffice could not convert this {suffix} file to .docx ({detail}): "
                       "save it as .docx", "LibreOffice 未能将此 {suffix} 文件转换为 .docx（{detail}），请另存为 .docx"),
    # limits of one file (lint/batch.py)
    "time_limit": ("time limit exceeded ({seconds} s): file not checked (--timeout)",
                   "超过时间限制（{seconds} 秒），未完成检查（--timeout）"),
    "memory_limit": ("memory limit exceeded ({limit} MB): file not checked (--memory-limit)",
                     "超过内存限制（{limit} MB），未完成检查（--memory-limit）"),
    "interrupted": ("not linted: the run was interrupted", "未检查：运行被中断"),
    "worker_died": ("the gxlint worker process died while linting this file",
                    "gxlint 检查此文件时工作进程意外退出"),
    # plain text and Markdown (text.py; HTML is decoded there too)
    "binary_nul": ("binary file, not text (it contains NUL bytes)",
                   "二进制文件，不是文本（含有 NUL 字节）"),
    "binary": ("binary file, not text", "二进制文件，不是文本"),
    "not_text": ("not text in UTF-8, UTF-16 or GB18030 (byte {at})",
                 "不是 UTF-8、UTF-16 或 GB18030 编码的文本（第 {at} 字节处）"),
    "bad_encoding": ("invalid {encoding} text at byte {at}", "{encoding} 文本在第 {at} 字节处无效"),
    "blank": ("no text (the file holds only white space)", "没有文字（文件中只有空白）"),
    # PDF (pdf.py)
    "pdf_garbled": ("its text cannot be read: the PDF's fonts do not say which characters they "
                    "draw (no Unicode map; copied text comes out garbled): export the PDF again from "
                    "the original document, or lint that document",
                    "文字无法读取：PDF 的字体没有字符的 Unicode 对应表（复制出的文字是乱码）；请从原文档重新导出 PDF，或直接检查原文档"),
    "pdf_no_text": ("no text layer; it may be a scanned image — OCR it first",
                    "没有文字层，可能是扫描图片，请先做文字识别（OCR）"),
    "pdf_no_header": ("not a PDF (no %PDF- header)", "不是 PDF 文件（没有 %PDF- 文件头）"),
    "pdf_too_many_pages": ("too many pages (over {limit})", "页数过多（超过 {limit} 页）"),
    "pdf_no_pages": ("the PDF has no pages", "PDF 中没有页面"),
    "pdf_too_much_text": ("too much text for a report (over {limit} characters by page {page})",
                          "文字过多，不像一份报告（到第 {page} 页已超过 {limit} 个字符）"),
    "pdf_too_slow": ("reading took over {seconds} s (stopped at page {page} of {pages})",
                     "读取超过 {seconds} 秒（停在第 {page} 页，共 {pages} 页）"),
    "pdf_page_chars": ("too much text on page {page} (over {limit} characters)",
                       "第 {page} 页文字过多（超过 {limit} 个字符）"),
    "pdf_stream_too_large": ("a compressed stream unpacks to over {limit} MB (a zip bomb?)",
                             "有数据流解压后超过 {limit} MB（可能是压缩炸弹）"),
    "pdf_streams_too_large": ("the compressed streams unpack to over {limit} MB in all",
                              "数据流解压后总计超过 {limit} MB"),
    "pdf_form_depth": ("figures nested over {limit} deep on page {page}",
                       "第 {page} 页的图形（表单 XObject）嵌套超过 {limit} 层"),
    "pdf_form_count": ("over {limit} figures drawn on page {page}",
                       "第 {page} 页绘制的图形（表单 XObject）超过 {limit} 个"),
    "pdf_page_paths": ("over {limit} lines and shapes drawn on page {page}",
                       "第 {page} 页绘制的线条和图形超过 {limit} 个"),
    "pdf_password": ("encrypted: the PDF needs a password to open (save an unprotected copy)",
                     "已加密：PDF 需要密码才能打开（请另存一份不加密的副本）"),
    "pdf_encryption": ("encrypted with a method that cannot be read ({detail})",
                       "加密方式无法读取（{detail}）"),
    "pdf_truncated": ("truncated or damaged PDF (it ends unexpectedly)",
                      "PDF 不完整或已损坏（文件意外结束）"),
    "pdf_no_catalogue": ("damaged PDF, or not a PDF (no document catalogue found)",
                         "PDF 已损坏，或不是 PDF 文件（找不到文档目录）"),
    "pdf_damaged": ("damaged PDF ({detail})", "PDF 已损坏（{detail}）"),
    # DOCX (docx_reader.py)
    "docx_ole": ("a Word 97-2003 (.doc) or password-protected file, not .docx; "
                 "save it as .docx without a password",
                 "这是 Word 97-2003（.doc）文件或加密文件，不是 .docx；请另存为不加密的 .docx"),
    "docx_not_zip": ("not a DOCX file (not a zip archive: {detail})",
                     "不是 DOCX 文件（不是 zip 压缩包：{detail}）"),
    "odt_not_zip": ("not an OpenDocument file (not a zip archive: {detail})",
                    "不是 OpenDocument 文件（不是 zip 压缩包：{detail}）"),
    "docx_no_document": ("not a Word document (the zip archive has no word/document.xml)",
                         "不是 Word 文档（压缩包中没有 word/document.xml）"),
    "docx_unreadable": ("not a readable Word document: {detail}", "无法读取的 Word 文档：{detail}"),
    "docx_no_text": ("the document holds no text", "文档中没有文字"),
    "docx_list_number": ("a list is numbered up to {value} (the limit is {limit})",
                         "列表编号达到 {value}（上限为 {limit}）"),
    "docx_list_level": ("a list has level {value} (Word's levels go up to {limit})",
                        "列表级别为 {value}（Word 的级别最多到 {limit}）"),
    "zip_members": ("refused: the zip archive has {count} members (the limit is {limit})",
                    "拒绝读取：压缩包有 {count} 个成员（上限为 {limit} 个）"),
    "zip_size": ("refused: the zip archive would unpack to {size} MB "
                 "(the limit is {limit} MB; a zip bomb?)",
                 "拒绝读取：压缩包解压后将达 {size} MB（上限为 {limit} MB，可能是压缩炸弹）"),
    "zip_ratio": ("refused: {member} is compressed {ratio}:1 (the limit is {limit}:1; a zip bomb?)",
                  "拒绝读取：{member} 的压缩比为 {ratio}:1（上限为 {limit}:1，可能是压缩炸弹）"),
    # HTML (html_reader.py)
    "html_invalid": ("not an HTML page: {detail}", "不是 HTML 网页：{detail}"),
    "html_no_text": ("no report text found in the page", "网页中找不到报告正文"),
    "html_tag_too_long": ("a tag on line {line} is over {limit} characters (too many attributes)",
                          "第 {line} 行的标签超过 {limit} 个字符（属性过多）"),
    "html_too_deep": ("elements nested over {limit} deep (line {line})",
                      "元素嵌套超过 {limit} 层（第 {line} 行）"),
    "html_table_too_large": ("a table's merged cells (rowspan × colspan) expand to over "
                             "{limit} cells ({cells})",
                             "表格的合并单元格（rowspan × colspan）展开后超过 {limit} 个单元格（{cells} 个）"),
    # MHTML web archives (mhtml_reader.py)
    "mhtml_no_page": ("the web archive holds no HTML page", "网页存档中没有 HTML 网页"),
    "mhtml_parts": ("the web archive has over {limit} parts", "网页存档的组成部分超过 {limit} 个"),
    "mhtml_invalid": ("not a web archive: {detail}", "不是网页存档：{detail}"),
}


# What `-v` and `gxlint parse` say about how a file was read: code -> (English, Chinese).
NOTES: dict[str, tuple[str, str]] = {
    "encoding_guessed": ("encoding guessed: {encoding}", "编码为推测：{encoding}"),
    "charset_wrong": ("the page declares charset {declared} but is not; read as {encoding}",
                      "网页声明的编码 {declared} 与实际不符，已按 {encoding} 读取"),
    "pdf_pages": ("PDF: {pages} pages, text rebuilt from the layout",
                  "PDF：共 {pages} 页，已按版面重建文字"),
    "pdf_image_pages": ("PDF: pages with no text layer (scanned images), not read: {pages}",
                        "PDF：以下页面是图片，没有文字层，未能读取：第 {pages} 页"),
    "rule_fault": ("rule {rule} could not be checked on this file: {detail} (rule at {source})",
                   "规则 {rule} 未能检查此文件：{detail}（规则定义于 {source}）"),
    "converted": ("converted from {suffix} to .docx with LibreOffice before reading; locations "
                  "are paragraphs of the converted document",
                  "已用 LibreOffice 将 {suffix} 文件转换为 .docx 后读取；位置是转换后文档的段落"),
    "unpaired": ("no report of this agency for {year} in the history (configuration `history`; "
                 "default: the reports git tracks): cross-year rules not checked",
                 "历史报告（配置项 history，默认为 git 跟踪的报告）中没有找到本机关 {year} 年度的报告，未做跨年度核对"),
    "paired": ("compared with last year's report {previous}", "已与上年报告 {previous} 对照"),
    "mhtml_page": ("a web archive: read its HTML page; locations are lines of that page",
                   "网页存档：已读取其中的 HTML 网页；位置是该网页的行号"),
}


# Notes shown without -v: the user must know the file was not read as it is.
ALWAYS_SHOWN = ("converted", "mhtml_page")


def note(code: str, lang: str = "en", **args: object) -> str:
    """The note ``code`` in ``lang``, its placeholders filled from ``args``."""
    en, zh = NOTES[code]
    return (zh if lang == "zh" else en).format(**args)


def reason(code: str, lang: str = "en", **args: object) -> str:
    """The reason ``code`` in ``lang`` ("zh" or "en"), its placeholders filled from ``args``."""
    en, zh = REASONS[code]
    return (zh if lang == "zh" else en).format(**args)
