"""Invented eFiction archives for tests: one small site written in the table layout of eFiction
1.1, 2.0 or 3.x, dumped as `mysqldump`, a phpMyAdmin export or eFiction's own admin backup.

Every name and sentence here is made up. The same stories come out of every version, so a test
can hold every version's reading to the same expectations.
"""

from __future__ import annotations

from pathlib import Path

MEMBERS = [
    # uid, penname, email
    (1, "Wren Aldous", "wren@example.org"),
    (2, "Basil Hart", ""),
    (3, "Quiet Reader", "reader@example.org"),
]
CATEGORIES = [(1, -1, "Television", 1), (2, 1, "BtVS", 0), (3, 2, "Femslash", 0)]
CHARACTERS = [(1, 2, "Willow"), (2, 2, "Tara"), (3, 2, "Giles")]
RATINGS = [(1, "PG"), (2, "R")]
GENRES = [(1, "Angst"), (2, "Fluff")]
WARNINGS = [(3, "None"), (4, "Character Death"), (5, "Violence"), (6, "Non-Con"), (7, "Underage")]
PAIRINGS = [(8, "Willow/Tara")]
FIRST_WORDS = "The candle in the Magic Box burned down to its last inch"
STORIES = [
    # sid, title, summary, uid, catid, genre ids, warning ids, pairing ids, charids, rid,
    # date, validated, completed, chapters [(chapid, title, text, validated)]
    (
        1,
        "Candle Hour",
        "Willow counts the minutes; Tara doesn\u2019t.",
        1,
        3,
        [1],
        [3],
        [8],
        [1, 2],
        1,
        "2003-04-05 10:00:00",
        1,
        1,
        [
            (1, "Wick", f"{FIRST_WORDS}, and Willow watched it go.\n\nTara laughed.", 1),
            (
                2,
                "Wax",
                "<p>By morning the shop smelled of honey.</p><p>Neither of them minded.</p>",
                1,
            ),
        ],
    ),
    (
        2,
        "Quiet Library",
        "Giles files a book that does not want to be filed.",
        2,
        2,
        [2],
        [4],
        [],
        [3],
        2,
        "2004-06-07 11:00:00",
        1,
        0,
        [(3, "Stacks", "<p>The book bit him twice before lunch.</p>", 1)],
    ),
    (
        3,
        "Not Yet",
        "Still waiting for a beta.",
        1,
        2,
        [],
        [],
        [],
        [],
        1,
        "2005-01-01 00:00:00",
        0,
        0,
        [(4, "Draft", "<p>Nothing here yet.</p>", 0)],
    ),
]
REVIEWS = [
    # reviewid, sid, chapid, reviewer, uid, text, date
    (
        1,
        1,
        1,
        "Night Owl",
        0,
        "Lovely!<br><br><i>Author's Response: Thank you!</i>",
        "2003-04-06 09:00:00",
    ),
    (2, 1, 2, "Quiet Reader", 3, "More please.", "2003-04-07 09:00:00"),
    (3, 2, 3, "Anonymous", 0, "No Review", "2004-06-08 09:00:00"),
]
SERIES = (1, "Hour Cycle", "Small hours.", 1)
IN_SERIES = [(1, 2, 2), (1, 1, 1)]  # seriesid, sid, inorder

VERSIONS = ("1.1", "2.0", "3.5.1")
FORMATS = ("mysqldump", "phpmyadmin", "admin_backup")


def _names(ids, table):
    lookup = dict(table) if len(table[0]) == 2 else {r[0]: r[2] for r in table}
    return ",".join(lookup[i] for i in ids)


def tables_for(version: str) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table of the site in `version`'s layout: name -> (columns, rows)."""
    authors = (
        [
            "uid",
            "penname",
            "realname",
            "email",
            "website",
            "bio",
            "image",
            "date",
            "admincreated",
            "password",
        ],
        [(u, n, "", e, "", "", "", "2003-01-01 00:00:00", "0", "x") for u, n, e in MEMBERS],
    )
    categories = (
        [
            "catid",
            "parentcatid",
            "category",
            "description",
            "image",
            "locked",
            "leveldown",
            "displayorder",
            "numitems",
        ],
        [(c, p, n, "", "", str(lock), 0, c, 0) for c, p, n, lock in CATEGORIES],
    )
    ratings = (
        ["rid", "rating", "ratingwarning", "warningtext"],
        [(r, n, "0", "") for r, n in RATINGS],
    )
    tables = {"authors": authors, "categories": categories, "ratings": ratings}
    if version.startswith("3"):
        tables["characters"] = (
            ["charid", "catid", "charname", "bio", "image"],
            [(*c, "", "") for c in CHARACTERS],
        )
        tables["classtypes"] = (
            ["classtype_id", "classtype_name", "classtype_title"],
            [(1, "genres", "Genres"), (2, "warnings", "Warnings"), (3, "pairings", "Pairings")],
        )
        tables["classes"] = (
            ["class_id", "class_type", "class_name"],
            [(i, 1, n) for i, n in GENRES]
            + [(i, 2, n) for i, n in WARNINGS]
            + [(i, 3, n) for i, n in PAIRINGS],
        )
        tables["stories"] = (
            ["sid", "title", "summary", "storynotes", "catid", "classes", "charid", "rid", "date", "updated", "uid", "coauthors", "featured", "validated", "completed", "rr", "wordcount", "rating", "reviews", "count", "challenges"],
            [
                (s[0], s[1], s[2], "", str(s[4]), ",".join(map(str, s[5] + s[6] + s[7])),
                 ",".join(map(str, s[8])), str(s[9]), s[10], s[10], s[3], "0", "0", str(s[11]),
                 str(s[12]), "0", 100, 0, 0, 0, "0")
                for s in STORIES
            ],
        )  # fmt: skip
        tables["chapters"] = (
            ["chapid", "title", "inorder", "notes", "storytext", "endnotes", "validated", "wordcount", "rating", "reviews", "sid", "uid", "count"],
            [(c[0], c[1], i, "", c[2], None, str(c[3]), 10, 0, 0, s[0], s[3], 0)
             for s in STORIES for i, c in enumerate(s[13], 1)],
        )  # fmt: skip
        tables["reviews"] = (
            ["reviewid", "item", "chapid", "reviewer", "uid", "review", "date", "rating", "respond", "type"],
            [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], -1, "1" if "Response" in r[5] else "0", "ST")
             for r in REVIEWS],
        )  # fmt: skip
        tables["series"] = (
            [
                "seriesid",
                "title",
                "summary",
                "uid",
                "isopen",
                "catid",
                "rating",
                "classes",
                "characters",
                "reviews",
                "numstories",
            ],
            [(SERIES[0], SERIES[1], SERIES[2], SERIES[3], 0, "2", 0, "", "", 0, 2)],
        )
        tables["inseries"] = (
            ["seriesid", "sid", "subseriesid", "confirmed", "inorder"],
            [(s, sid, 0, 1, o) for s, sid, o in IN_SERIES],
        )
        tables["coauthors"] = (["sid", "uid"], [])
        tables["settings"] = (
            ["sitekey", "sitename", "slogan", "url", "siteemail", "tableprefix", "skin", "hiddenskins", "language", "submissionsoff", "storiespath", "store"],
            [("k1", "Magic Box Stories", "", "http://magicbox.example.net", "", "", "x", "", "en",
              0, "stories", "mysql")],
        )  # fmt: skip
        return tables
    tables["characters"] = (["charid", "catid", "charname"], CHARACTERS)
    tables["genres"] = (["gid", "genre"], GENRES)
    tables["warnings"] = (["wid", "warning"], WARNINGS)
    if version == "2.0":
        tables["stories"] = (
            ["sid", "title", "summary", "catid", "gid", "wid", "charid", "rid", "date", "updated", "uid", "featured", "validated", "completed", "rr", "wordcount", "rating", "reviews", "challenges"],
            [
                (s[0], s[1], s[2], str(s[4]), _names(s[5], GENRES), _names(s[6], WARNINGS),
                 _names(s[8], CHARACTERS), dict(RATINGS)[s[9]], s[10], s[10], s[3], "0",
                 str(s[11]), str(s[12]), "0", 100, 0, 0, "0")
                for s in STORIES
            ],
        )  # fmt: skip
        tables["chapters"] = (
            ["chapid", "title", "inorder", "notes", "storytext", "validated", "wordcount", "rating", "reviews", "sid", "uid"],
            [(c[0], c[1], i, "", c[2], str(c[3]), 10, 0, 0, s[0], s[3])
             for s in STORIES for i, c in enumerate(s[13], 1)],
        )  # fmt: skip
        tables["reviews"] = (
            [
                "reviewid",
                "sid",
                "chapid",
                "reviewer",
                "member",
                "review",
                "date",
                "rating",
                "respond",
                "seriesid",
            ],
            [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], -1, "0", 0) for r in REVIEWS],
        )
        tables["series"] = (
            ["seriesid", "title", "summary", "owner", "isopen", "catid"],
            [(SERIES[0], SERIES[1], SERIES[2], SERIES[3], 0, "2")],
        )
        tables["inseries"] = (["seriesid", "sid", "inorder"], IN_SERIES)
        return tables
    # eFiction 1.1: one row per chapter; a story is its first row (sid = psid).
    rows = []
    for s in STORIES:
        for i, c in enumerate(s[13]):
            row_sid = s[0] if i == 0 else 100 + c[0]
            rows.append(
                (row_sid, s[0], s[1], c[1], i, s[2], c[2], str(s[4]), _names(s[5], GENRES),
                 _names(s[6], WARNINGS), _names(s[8], CHARACTERS), dict(RATINGS)[s[9]], s[10],
                 s[10], s[3], "0", str(min(s[11], c[3])), str(s[12]), "0", 100, 0, 0)
            )  # fmt: skip
    tables["stories"] = (
        [
            "sid",
            "psid",
            "title",
            "chapter",
            "inorder",
            "summary",
            "storytext",
            "catid",
            "gid",
            "wid",
            "charid",
            "rid",
            "date",
            "updated",
            "uid",
            "featured",
            "validated",
            "completed",
            "rr",
            "wordcount",
            "numreviews",
            "counter",
        ],
        rows,
    )
    first_row = {r[1]: r[0] for r in rows if r[4] == 0}
    by_chapid = {
        c[0]: (first_row[s[0]] if i == 0 else 100 + c[0])
        for s in STORIES
        for i, c in enumerate(s[13])
    }
    tables["reviews"] = (
        ["reviewid", "psid", "sid", "reviewer", "member", "review", "date", "rating"],
        [(r[0], r[1], by_chapid[r[2]], r[3], r[4], r[5], r[6], -1) for r in REVIEWS],
    )
    return tables


def _sql(value, quote: str = "'") -> str:
    if value is None:
        return "NULL" if quote == "'" else '""'
    if isinstance(value, int) and quote == "'":
        return str(value)
    text = str(value).replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
    return f"{quote}{text}{quote}"


def dump_text(version: str, form: str, prefix: str = "fanfiction_", tables=None) -> str:
    """The site as a dump of `version`'s tables in `form` (see FORMATS)."""
    tables = tables or tables_for(version)
    out = []
    if form == "mysqldump":
        out.append("-- MySQL dump 10.13\n/*!40101 SET NAMES utf8 */;\n")
    elif form == "phpmyadmin":
        out.append(
            '-- phpMyAdmin SQL Dump\nSET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\nSTART TRANSACTION;\n'
        )
    for name, (columns, rows) in tables.items():
        table = prefix + name
        if form == "admin_backup":
            out.append(f"# Dump of {table} \r\n# Dump DATE : 01-Jan-2011\r\n\r\n")
            for row in rows:
                values = ", ".join(_sql("" if v is None else v, '"') for v in row)
                out.append(f"INSERT INTO {table} VALUES({values});\r\n")
            out.append("\r\n\r\n\r\n")
            continue
        body = ",\n".join(f"  `{c}` text" for c in columns)
        out.append(
            f"DROP TABLE IF EXISTS `{table}`;\nCREATE TABLE `{table}` (\n{body}\n) ENGINE=MyISAM;\n"
        )
        if not rows:
            continue
        if form == "mysqldump":
            values = ",".join("(" + ",".join(_sql(v) for v in row) + ")" for row in rows)
            out.append(f"INSERT INTO `{table}` VALUES {values};\n")
        else:
            names = ", ".join(f"`{c}`" for c in columns)
            values = ",\n".join("(" + ", ".join(_sql(v) for v in row) + ")" for row in rows)
            out.append(f"INSERT INTO `{table}` ({names}) VALUES\n{values};\n")
    if form == "phpmyadmin":
        out.append("COMMIT;\n")
    elif form == "mysqldump":
        out.append("\n-- Dump completed on 2011-01-01  0:00:00\n")
    return "".join(out)


def write_archive(folder: Path, version: str, form: str) -> Path:
    """A folder holding the dump (text in the database, no stories/ folder needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.sql").write_text(dump_text(version, form), encoding="utf-8")
    return folder
