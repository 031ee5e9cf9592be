"""Works for the export tests, made through the works services (as an import makes them).

The texts are written for these tests. `HOSTILE_HTML` stands for what a careless or malicious
legacy HTML import could leave in a chapter body.
"""

from __future__ import annotations

from ficarchive.legacy.model import (
    Block,
    Distribution,
    Feedback,
    ParsedChapter,
    ParsedWork,
    Series,
    Song,
)
from ficarchive.works.models import Chapter, Work
from ficarchive.works.services import work_create_from_parsed

HOSTILE_HTML = (
    "<p>Before the storm&nbsp;&mdash; a <b>bold <i>unclosed</b> move"
    '<script>alert("boo")</script><p onclick="steal()" style="color:red">Click'
    ' <a href="javascript:alert(1)">here</a> or <a href="http://example.com/?a=1&b=2">there</a>'
    ' or <a href="#nowhere">nowhere</a> or <a href="../secret.html">up</a>'
    "<div><em>a block <div>inside</div> an inline</em></div>"
    '<img src="http://example.com/x.png" onerror="x()"><iframe src="http://evil"></iframe>'
    "<ul>loose text<li>item one<li>item two</ul><li>stray item"
    "<font face=Arial>old font</font> &copy; &hellip; &bogus; &#0; \x0c form feed \x1a"
    "<table><tr><td>cell</td></tr></table><p dir=sideways>sideways</p><h7>h7</h7>"
    "<style>body{}</style><!-- a comment --><br><br/><hr><hr/></em>"
)


# A chapter as the posting form stores it: blocks with inline markup.
INLINE_HTML = (
    "<h2>Interlude</h2>"
    "<p>She <em>meant</em> it, <strong>every word</strong>; <i>Mara</i> was <b>sure</b>,"
    " <u>underlined</u> and <s>struck</s>.</p>"
    '<div class="verse"><em>Low</em> tide, <strong>high</strong> tide<br>the bell says <i>home</i></div>'
    '<hr class="scene-break">'
    "<p>After &amp; before &lt;nothing&gt;.</p>"
)


def blocks_of_every_kind(seed: str = "") -> list[Block]:
    """Paragraphs, verse, scene breaks and a heading; `seed` makes texts differ between calls."""
    return [
        Block("heading", f"Part the First{seed}"),
        Block("paragraph", f"The lamps were lit along the quay{seed}, and nobody came."),
        Block(
            "verse", "Row the boat along the shore\nTill the tide comes in once more\nSing it low"
        ),
        Block("break"),
        Block("paragraph", "She said, \"Wait\" — and <waited> & hoped 'it' would pass."),
        Block("verse", "One line only"),
        Block("break"),
        Block("paragraph", "Morning came with rain."),
    ]


def parsed_work(**overrides) -> ParsedWork:
    """A ParsedWork with every header field filled; keyword arguments replace fields."""
    values = dict(
        source="tests/lamps-on-the-quay.txt",
        title="Lamps on the Quay",
        authors=["Wren Tallow", "Ash Corder"],
        rating="Teen And Up Audiences",
        fandoms=["Harbour Town"],
        relationships=["Mara/Ines"],
        characters=["Mara", "Ines"],
        warnings=["No Archive Warnings Apply"],
        categories=["F/F"],
        freeform=["Fluff", "Rain"],
        summary="Two keepers of the harbour lamps.\n\nA night of waiting.",
        notes="Written for a friend.",
        end_notes="Thanks for reading!",
        disclaimer="The harbour belongs to nobody.",
        spoilers="Up to the end of the first book.",
        series=Series(title="Harbour Lights", part=1),
        distribution=Distribution(text="Archive anywhere, just tell me.", permission="yes"),
        feedback=Feedback(text="Comments welcome.", wanted=True),
        songs=[Song(artist="The Pilots", title="Low Tide", album="Shoreline")],
        language="en",
        chapters=[
            ParsedChapter(title="Dusk", blocks=blocks_of_every_kind(" one")),
            ParsedChapter(title="Night", blocks=blocks_of_every_kind(" two")),
            ParsedChapter(title="Dawn", blocks=blocks_of_every_kind(" three")),
        ],
    )
    values.update(overrides)
    return ParsedWork(**values)


def work_make(**overrides) -> Work:
    """A stored work through `work_create_from_parsed` (every field and block kind); a third
    chapter, when there is one, carries inline markup as posted HTML does."""
    work = work_create_from_parsed(parsed=parsed_work(**overrides))
    Chapter.objects.filter(work=work, position=3).update(body_html=INLINE_HTML)
    return Work.objects.get(pk=work.pk)


def non_latin_work() -> Work:
    """A Russian work with a Japanese chapter and an Arabic (right-to-left) title."""
    return work_make(
        title="قناديل الميناء",
        authors=["Лада Соколова"],
        language="ru",
        fandoms=["Гавань"],
        freeform=["日本語のタグ"],
        summary="Две хранительницы огней.",
        series=None,
        chapters=[
            ParsedChapter(
                title="Сумерки",
                blocks=[
                    Block("paragraph", "Фонари зажглись вдоль набережной, и никто не пришёл."),
                    Block("verse", "Плыви, лодка, вдоль берега\nПока не придёт прилив"),
                    Block("break"),
                    Block("paragraph", "Утро пришло с дождём."),
                ],
            ),
            ParsedChapter(
                title="夜明け",
                blocks=[
                    Block("paragraph", "港の灯りが一つずつ消えていった。"),
                    Block("verse", "潮が満ちる\n舟は眠る"),
                ],
            ),
            ParsedChapter(
                title="الفجر",
                blocks=[
                    Block("paragraph", "جاء الصباح مع المطر، وانطفأت القناديل واحدا تلو الآخر.")
                ],
            ),
        ],
    )


def hostile_work() -> Work:
    """A work whose first chapter body holds HTML from a hostile import (set through the ORM,
    as an older importer that trusted its input could have stored it)."""
    work = work_make(title='Storm <Warning> & "Quotes"', series=None)
    Chapter.objects.filter(work=work, position=1).update(body_html=HOSTILE_HTML)
    Work.objects.filter(pk=work.pk).update(
        summary='<p>Summary with <script>x()</script><a href="javascript:x()">a link</a></p>',
        notes="Notes with &nbsp; and < angle > & amp",
    )
    return Work.objects.get(pk=work.pk)
