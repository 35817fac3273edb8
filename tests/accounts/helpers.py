import re

from django.core import mail

LINK = re.compile(r"https?://[^\s\"<>]+")


def link_in_last_mail(path_fragment: str) -> str:
    """The path of the first link in the newest email whose URL contains `path_fragment`."""
    body = mail.outbox[-1].body
    for url in LINK.findall(body):
        if path_fragment in url:
            return "/" + url.split("/", 3)[3]
    raise AssertionError(f"No {path_fragment} link in: {body}")
