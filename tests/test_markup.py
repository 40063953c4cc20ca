"""Editor Markdown can never put live script on a reader's page."""

import pytest
from django.utils.html import escape

from conditions.markup import render_markdown
from conditions.models import Severity, Symptom, WarningRule

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle/></svg>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "<div style=\"background:url('javascript:alert(1)')\">styled</div>",
    '<p onclick="alert(1)">click</p>',
    "<scr<script>ipt>alert(1)</script>",
    '![img](x" onerror="alert(1))',
]


def assert_inert(html):
    lowered = html.lower()
    for marker in ["<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg"]:
        assert marker not in lowered, (marker, html)
    assert "data:text" not in lowered
    assert "style=" not in lowered


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_attacks_render_inert(attack):
    assert_inert(render_markdown(f"Before.\n\n{attack}\n\nAfter."))


def test_ordinary_markdown_still_works():
    html = render_markdown("Some **bold** text.\n\n- one\n- two\n\n[NHS](https://www.nhs.uk/)")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("attack", ATTACKS)
def test_condition_page_renders_editor_attacks_inert(client, make_condition, attack):
    condition = make_condition(
        overview=attack,
        treatment=attack,
        get_help_doctor=f"- {attack}",
    )
    html = client.get(condition.get_absolute_url()).content.decode()
    main = html.split('<main id="main"', 1)[1]
    # The page's own JSON-LD is the only script element, and it is outside <main>.
    assert_inert(main)


@pytest.mark.django_db
@pytest.mark.parametrize("attack", ATTACKS)
def test_rule_wording_is_plain_text_on_the_page(client, make_condition, attack):
    """A rule's wording is not Markdown: it reaches the page escaped, as text."""
    condition = make_condition()
    rule = WarningRule.objects.create(
        condition=condition, severity=Severity.objects.get(slug="emergency"), text=attack
    )
    rule.symptoms.add(Symptom.objects.published().first())
    html = client.get(condition.get_absolute_url()).content.decode()
    card = html.split('id="help-emergency"')[1].split("</section>")[0]
    assert f"<li>{escape(attack)}</li>" in card
    assert "<" not in card.split('<ul class="help-card__signs"><li>')[1].split("</li>")[0]


@pytest.mark.parametrize("text", ["", "   \n\t ", None])
def test_empty_or_blank_text_renders_nothing(text):
    assert render_markdown(text) == ""


def test_only_the_allow_listed_tags_attributes_and_link_kinds_reach_the_page():
    """Exactly what a reader's page gets from richer Markdown and HTML than editors need:
    no big headings, images, tables, phone or FTP links, and no attributes beyond a link's
    address and title (nh3 keeps ``lang`` and ``title`` anywhere, which is harmless); a
    numbered list followed by a bulleted one stays two lists."""
    html = render_markdown(
        "# Big heading\n\n"
        "### Small heading\n\n"
        "![a picture](https://images.example/a.png)\n\n"
        "<table><tr><td>cell</td></tr></table>\n\n"
        '<p lang="fr" title="t">French</p>\n\n'
        '<a href="https://www.nhs.uk/" hreflang="en" title="NHS">NHS</a> '
        '<a href="ftp://files.example/">ftp</a> <a href="tel:111">111</a> '
        '<a href="mailto:team@example.org">mail</a> <abbr title="General practitioner">GP</abbr>'
        "\n\n1. first\n\n* second"
    )
    assert html == (
        "Big heading\n"
        "<h3>Small heading</h3>\n"
        "<p></p>\n"
        "cell\n\n"
        '<p lang="fr" title="t">French</p>\n\n'
        '<p><a href="https://www.nhs.uk/" title="NHS" rel="noopener noreferrer">NHS</a> '
        '<a rel="noopener noreferrer">ftp</a> <a rel="noopener noreferrer">111</a> '
        '<a href="mailto:team@example.org" rel="noopener noreferrer">mail</a> '
        '<abbr title="General practitioner">GP</abbr></p>\n'
        "<ol>\n<li>first</li>\n</ol>\n<ul>\n<li>second</li>\n</ul>"
    )
