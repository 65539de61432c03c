"""The HTML report as a PDF, with Qt (QtWebKit where QGIS has it, else QTextDocument)."""
from __future__ import annotations

import os

from qgis.PyQt.QtCore import QEventLoop, QTimer, QUrl
from qgis.PyQt.QtGui import QPageLayout, QPageSize, QTextDocument
from qgis.PyQt.QtPrintSupport import QPrinter


def _printer(pdf: str) -> QPrinter:
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(pdf)
    printer.setPageSize(QPageSize(QPageSize.A4))
    printer.setPageOrientation(QPageLayout.Portrait)
    return printer


def html_to_pdf(html_path: str, pdf_path: str, timeout_ms: int = 30000) -> str:
    """Print the report (its images resolved beside it) to an A4 PDF; returns the path."""
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    base = QUrl.fromLocalFile(os.path.dirname(os.path.abspath(html_path)) + os.sep)
    tmp = pdf_path + ".part"
    try:
        from qgis.PyQt.QtWebKitWidgets import QWebPage
    except ImportError:  # Qt builds without WebKit: plainer, but complete
        doc = QTextDocument()
        doc.setBaseUrl(base)
        doc.setHtml(html)
        doc.print_(_printer(tmp)) if hasattr(doc, "print_") else doc.print(_printer(tmp))
    else:
        page = QWebPage()
        loop = QEventLoop()
        page.mainFrame().loadFinished.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        page.mainFrame().setHtml(html, base)
        loop.exec_()
        page.mainFrame().print_(_printer(tmp))
    if not os.path.exists(tmp) or os.path.getsize(tmp) == 0:
        raise RuntimeError(f"{pdf_path}: the report could not be printed")
    os.replace(tmp, pdf_path)
    return pdf_path
