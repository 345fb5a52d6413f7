"""The author's prompt of a cohort activity: the rich text it may hold, for what is stored and what is shown."""
import nh3

from spoc_plugin.validation import FORBIDDEN, MARKUP, is_web_address

#: What an author's prompt may hold: paragraphs, emphasis, lists, headings, quotes and links (``href`` only,
#: absolute http(s) or mailto addresses, opened with ``rel="noopener noreferrer"``). No images (a remote one
#: is a tracking pixel), no styles, no classes, no ids; scripts and styles are removed with their content.
PROMPT_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "a"}
PROMPT_ATTRIBUTES = {"a": {"href"}}


def sanitize_prompt(html):
    """The author's rich text with only the markup of ``PROMPT_TAGS`` left; for what is stored and what is shown."""
    if not isinstance(html, str):
        return ""
    return nh3.clean(FORBIDDEN.sub("", html), tags=PROMPT_TAGS, attributes=PROMPT_ATTRIBUTES,
                     attribute_filter=_prompt_attribute, url_schemes={"http", "https", "mailto"},
                     url_relative="deny", link_rel="noopener noreferrer")


def _prompt_attribute(tag, name, value):
    """A link's address only when absolute: ``http(s)://host...`` or ``mailto:`` (no relative, protocol-relative
    or scheme-relative address, such as ``//host``, ``https:host`` or ``https:///host``)."""
    if tag == "a" and name == "href":
        if value.lower().startswith("mailto:"):
            return value if len(value) > len("mailto:") and not MARKUP.search(value) else None
        return value if is_web_address(value) else None
    return value
