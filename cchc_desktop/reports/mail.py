"""Mail for the exported files.

- A ready-to-send e-mail (.eml, ``X-Unsent``) with the files attached: classic Outlook opens
  it as a draft to send.
- A ``mailto:`` link with the subject and text, for new Outlook, Thunderbird and web mail
  (RFC 6068: UTF-8 percent-encoded, line breaks as CRLF).  It cannot carry attachments.
"""

from __future__ import annotations

import mimetypes
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from urllib.parse import quote

from cchc_desktop.core.office_profile import one_line
from cchc_desktop.core.text import nfc
from cchc_desktop.reports.safe import atomic_write, safe_filename


def write_eml(
    out_dir: Path, subject: str, body: str, attachments: list[Path], sender: str = ""
) -> Path:
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = nfc(subject)
    if sender:
        msg["From"] = nfc(sender)
    msg["X-Unsent"] = "1"  # Outlook opens it as a draft to send
    msg.set_content(nfc(body))
    for path in attachments:
        ctype, _ = mimetypes.guess_type(path.name)
        maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=nfc(path.name)
        )
    target = Path(out_dir) / safe_filename(f"Thư gửi - {subject}", "eml")
    return atomic_write(target, lambda tmp: tmp.write_bytes(msg.as_bytes()))


# Windows hands a mailto: link to the mail program through the shell, which cuts long
# command lines; past this the text travels by the clipboard only.
MAILTO_LIMIT = 2000


def mailto_url(subject: str, body: str, to: str = "") -> str:
    """``mailto:`` with the subject and text filled in, every character outside RFC 3986's
    unreserved set percent-encoded as UTF-8 (a space is ``%20``, never ``+``; line breaks are
    ``%0D%0A``).  A text too long for the link is left out (it is on the clipboard)."""
    subject = " ".join(nfc(subject).split())
    text = nfc(body).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    head = f"mailto:{quote(nfc(to).strip(), safe='@,')}?subject={quote(subject, safe='')}"
    url = f"{head}&body={quote(text, safe='')}"
    return url if len(url) <= MAILTO_LIMIT else head


def report_mail_text(
    office: str, report_title: str, number: str, recipients_hint: str = "Sở Nội vụ"
) -> tuple[str, str]:
    """Subject and body in the usual form of an office sending its periodic report.
    ``office`` is the report's issuing body, as typed for the header: a ``|`` there breaks
    the header's line and means nothing in a sentence."""
    office = one_line(office)
    subject = f"{office} gửi Báo cáo {report_title}"
    body = (
        f"Kính gửi: {recipients_hint}.\n\n"
        f"{office} gửi Báo cáo số {number.strip()} về {report_title[0].lower() + report_title[1:]} "
        "(bản PDF đã ký và bản Excel số liệu kèm theo).\n\n"
        "Trân trọng./.\n"
    )
    return subject, body
