"""The hostile-input corpus: schedules, rosters and config files that are broken, odd or adversarial.

Each case is a set of files, the command to run and what `zoomops` must answer: the exact stderr lines
(`file:line:col: field: message`) and the exit code. Shared by the exact-message test and the CLI sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BASE = """\
event:
  id: demo
  title: Demo
  dates: [2030-05-01]
  timezone: Europe/Paris
  host: host@example.org
people:
  - {id: ann, name: Ann, email: ann@example.org}
  - {id: bob, name: Bob, email: bob@example.org}
blocks:
  - kind: session
    title: One
    start: "09:00"
    end: "09:30"
    moderator: ann
    items:
      - {kind: presentation, minutes: 30, speakers: [bob]}
"""
ROSTER_BASE = BASE.replace(
    "people:\n  - {id: ann, name: Ann, email: ann@example.org}\n  - {id: bob, name: Bob, email: bob@example.org}\n",
    "people: roster.csv\n",
)
ROSTER = "id,name,email\nann,Ann,ann@example.org\nbob,Bob,bob@example.org\n"
CONFIG = "panelist_cap: 100\ndaily_create_update_budget: 100\n"
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    expected: list[str] | None = None  # stderr lines; None while drafting
    code: int = 2
    args: tuple[str, ...] = ("validate", "s.yaml")
    env: dict[str, str] = field(default_factory=dict)


def yaml_case(name: str, text: str | bytes, expected: list[str] | None = None, code: int = 2) -> Case:
    return Case(name, {"s.yaml": text}, expected, code)


def roster_case(name: str, roster: str | bytes, expected: list[str] | None = None, code: int = 2) -> Case:
    return Case(name, {"s.yaml": ROSTER_BASE, "roster.csv": roster}, expected, code)


def config_case(name: str, config: str | bytes, expected: list[str] | None = None, code: int = 2) -> Case:
    return Case(name, {"s.yaml": BASE, "zoomops.yaml": config}, expected, code, env={"ZOOMOPS_CONFIG": "zoomops.yaml"})


CASES: list[Case] = [
    # ---- bytes and encodings
    yaml_case("utf16_le_bom", BASE.encode("utf-16")),
    yaml_case("utf16_be_bom", b"\xfe\xff" + BASE.encode("utf-16-be")),
    yaml_case("utf16_no_bom", BASE.encode("utf-16-le")),
    yaml_case("utf32_bom", BASE.encode("utf-32")),
    yaml_case("latin1", edit("title: Demo", "title: Caf\xe9 Demo").encode("latin-1")),
    yaml_case("cp1252_quotes", edit("title: Demo", "title: \u201cDemo\u201d").encode("cp1252")),
    yaml_case("invalid_utf8_line_9", edit("name: Bob", "name: B\udcffob").encode("utf-8", "surrogateescape")),
    yaml_case("utf8_bom_ok", "\ufeff" + BASE, code=0),
    yaml_case("nul", edit("title: Demo", "title: De\x00mo")),
    yaml_case("bell", edit("title: One", "title: O\x07ne")),
    yaml_case("vertical_tab", edit("name: Ann", "name: A\x0bnn")),
    yaml_case("form_feed_line", edit("blocks:\n", "\x0c\nblocks:\n")),
    yaml_case("escape_char", edit("title: Demo", "title: \x1b[1mDemo")),
    yaml_case("delete_char", edit("title: Demo", "title: Demo\x7f")),
    yaml_case("c1_control", edit("title: Demo", "title: Demo\x90")),
    yaml_case("u_fffe", edit("title: One", "title: One\ufffe")),
    yaml_case("u_ffff_in_key", edit("moderator: ann", "moder\uffffator: ann")),
    yaml_case("escaped_bell", edit("title: Demo", 'title: "De\\amo"')),
    yaml_case("escaped_vertical_tab_in_flow", edit("{id: ann, name: Ann,", '{id: ann, name: "A\\x0bnn",')),
    yaml_case("zero_width_space_key", edit("    title: One", "    title\u200b: One")),
    yaml_case("line_separator_in_plain_value", edit("title: One", "title: O\u2028ne")),
    yaml_case("next_line_char_in_quoted_value", edit("title: Demo", 'title: "De\x85mo"')),
    yaml_case("long_complex_key", BASE + "? " + "k" * 5000 + "\n: 1\n"),
    yaml_case("nbsp_indent", edit("    title: One", "\u00a0\u00a0\u00a0\u00a0title: One")),
    yaml_case("empty", ""),
    yaml_case("whitespace_only", "   \n\n  \n"),
    yaml_case("comments_only", "# nothing yet\n"),
    yaml_case("document_marker_only", "---\n"),
    Case("too_big", {"s.yaml": BASE + "# " + "x" * 2000 + "\n"}, env={"ZOOMOPS_MAX_INPUT_MB": "0.001"}),
    # ---- YAML syntax
    yaml_case("tab_indent", edit("    title: One", "\ttitle: One")),
    yaml_case("tab_after_dash", edit("  - kind: session", "  -\tkind: session")),
    yaml_case("unclosed_double_quote", edit('start: "09:00"', 'start: "09:00')),
    yaml_case("unclosed_single_quote", edit("title: Demo", "title: 'Demo")),
    yaml_case("unclosed_bracket", edit("dates: [2030-05-01]", "dates: [2030-05-01")),
    yaml_case("unclosed_brace", edit("{id: bob, name: Bob, email: bob@example.org}", "{id: bob, name: Bob")),
    yaml_case("stray_closing_bracket", edit("speakers: [bob]}", "speakers: [bob]]}")),
    yaml_case("colon_in_title", edit("title: One", "title: Session 1: Opening")),
    yaml_case("bad_indent", edit("    end: \"09:30\"", "   end: \"09:30\"")),
    yaml_case("dash_at_wrong_indent", edit("  - {id: bob", "   - {id: bob")),
    yaml_case("missing_colon", edit("    moderator: ann", "    moderator ann")),
    yaml_case("two_documents", BASE + "---\nevent: {}\n"),
    yaml_case("undefined_alias", edit("moderator: ann", "moderator: *ann")),
    yaml_case("alias_as_text", edit("title: One", "title: *Draft* One")),
    yaml_case("anchor_as_text", edit("title: One", "title: & more")),
    yaml_case("at_sign", edit("title: One", "title: @home")),
    yaml_case("backtick", edit("title: One", "title: `code`")),
    yaml_case("percent_directive", "%YAML 1.1\n%FOO bar\n---\n" + BASE),
    yaml_case("unknown_escape", edit("title: Demo", 'title: "C:\\path\\demo"')),
    yaml_case("recursive_alias", edit("    items:\n", "    items: &loop\n      - *loop\n")),
    yaml_case("billion_laughs", BASE + "x:\n" + "".join("  " + line for line in LAUGHS.splitlines(True))),
    yaml_case("many_aliases", BASE + "x: &v 1\ny: [" + ", ".join(["*v"] * 600) + "]\n"),
    yaml_case("duplicate_anchor", edit("moderator: ann", "moderator: &m ann\n    title2: &m x")),
    yaml_case("deep_flow_nesting", BASE + "x: " + "[" * 600 + "]" * 600 + "\n"),
    yaml_case("deep_block_nesting", BASE + "".join(" " * i + f"k{i}:\n" for i in range(600))),
    yaml_case("deeper_than_libyaml", BASE + "x: " + "[" * 20000 + "\n"),
    yaml_case("merge_key", edit("  - kind: session\n", "  - <<: {kind: session}\n    kind: session\n")),
    yaml_case("python_tag", edit("title: One", "title: !!python/object/apply:os.system [ls]")),
    yaml_case("binary_tag", edit("title: One", "title: !!binary T25l")),
    yaml_case("custom_tag", edit("title: One", "title: !secret One")),
    yaml_case("complex_key", edit("    moderator: ann\n", "    moderator: ann\n    ? [a, b]\n    : c\n")),
    yaml_case("null_key", edit("    moderator: ann\n", "    moderator: ann\n    ~: x\n")),
    yaml_case("top_level_list", "- event\n- blocks\n"),
    yaml_case("top_level_scalar", "just some text\n"),
    yaml_case("duplicate_top_level_event", BASE + "event:\n  id: other\n  title: Other\n"),
    yaml_case("duplicate_nested_key", edit("    title: One\n", "    title: One\n    title: Two\n")),
    yaml_case("duplicate_flow_key", edit("{id: ann, name: Ann,", "{id: ann, name: Ann, name: Anna,")),
    # ---- what YAML reads, and the model
    yaml_case("title_no", edit("title: Demo", "title: no")),
    yaml_case("title_yes_in_block", edit("title: One", "title: yes")),
    yaml_case("title_number", edit("title: Demo", "title: 2030")),
    yaml_case("title_empty", edit("title: Demo", "title:")),
    yaml_case("id_date", edit("id: demo", "id: 2030-05-01")),
    yaml_case("speaker_id_number", edit("speakers: [bob]", "speakers: [1234]")),
    yaml_case("event_empty", edit("""event:
  id: demo
  title: Demo
  dates: [2030-05-01]
  timezone: Europe/Paris
  host: host@example.org
""", "event:\n")),
    yaml_case("event_is_list", edit("event:\n  id: demo", "event:\n  - id: demo")),
    yaml_case("event_is_text", edit("""event:
  id: demo
  title: Demo
  dates: [2030-05-01]
  timezone: Europe/Paris
  host: host@example.org
""", "event: Demo\n")),
    yaml_case("blocks_is_text", BASE.split("blocks:")[0] + "blocks: see the agenda\n"),
    yaml_case("block_is_text", edit("  - kind: session\n", "  - opening\n  - kind: session\n")),
    yaml_case("person_is_text", edit("  - {id: bob", "  - bob\n  - {id: bob")),
    yaml_case("dates_number", edit("dates: [2030-05-01]", "dates: [20300501]")),
    yaml_case("dates_not_list", edit("dates: [2030-05-01]", "dates: 2030-05-01")),
    yaml_case("date_9999", edit("dates: [2030-05-01]", "dates: [9999-12-31]")),
    yaml_case("date_0001", edit("dates: [2030-05-01]", "dates: [0001-01-01]")),
    yaml_case("date_1999", edit("dates: [2030-05-01]", "dates: [1999-12-31]")),
    yaml_case("block_date_9999", edit("    title: One\n", "    title: One\n    date: 9999-12-31\n")),
    yaml_case("date_with_time", edit("dates: [2030-05-01]", "dates: [2030-05-01 10:00:00]")),
    yaml_case("too_many_dates", edit("dates: [2030-05-01]", "dates: [" + ", ".join(
        f"2030-05-{d:02d}" for d in range(1, 32)) + ", 2030-06-01]")),
    yaml_case("timezone_typo", edit("Europe/Paris", "Europe/Pari")),
    yaml_case("timezone_folder", edit("Europe/Paris", "Europe")),
    yaml_case("timezone_long", edit("Europe/Paris", "Europe/" + "x" * 400)),
    yaml_case("timezone_absolute", edit("Europe/Paris", "/etc/localtime")),
    yaml_case("start_float", edit('start: "09:00"', "start: 9.30")),
    yaml_case("start_bool", edit('start: "09:00"', "start: yes")),
    yaml_case("start_24", edit('start: "09:00"', 'start: "24:00"')),
    yaml_case("minutes_huge", edit("minutes: 30", "minutes: 1000000000000000000000000000000")),
    yaml_case("minutes_inf", edit("minutes: 30", "minutes: .inf")),
    yaml_case("minutes_day_plus", edit("    moderator: ann\n", "    minutes: 1441\n    moderator: ann\n")),
    yaml_case("title_too_long", edit("title: One", "title: " + "x" * 2001)),
    yaml_case("unknown_top_key_no_match", BASE + "sessions:\n  - {kind: talk}\n"),
    yaml_case("misspelled_event_inner_errors",
              edit("event:\n  id: demo\n  title: Demo", "evnt:\n  id: Demo\n  title: no")),
    yaml_case("misspelled_blocks", edit("blocks:", "blcoks:")),
    yaml_case("misspelled_nested_start", edit('start: "09:00"', 'strat: "09:00"')),
    yaml_case("misspelled_items_inner_errors",
              edit("    items:\n      - {kind: presentation", "    itmes:\n      - {kind: presentaton")),
    yaml_case("enum_typo_block", edit("kind: session", "kind: sesion")),
    yaml_case("enum_typo_item", edit("kind: presentation", "kind: presentaion")),
    yaml_case("enum_case", edit("kind: session", "kind: Session")),
    yaml_case("split_typo", BASE + "zoom: {split: blok}\n"),
    yaml_case("literal_typo", BASE + "interpretation:\n  pairs: [[English, Korean]]\n  blocks: al\n"),
    yaml_case("email_double_at", edit("ann@example.org", "ann@@example.org")),
    yaml_case("email_no_dot", edit("bob@example.org", "bo@example")),
    yaml_case("email_spaces", edit("ann@example.org", "ann @example.org")),
    yaml_case("host_not_email", edit("host: host@example.org", "host: not-an-email")),
    yaml_case("alternative_host_bad", edit("  host: host@example.org\n",
                                           "  host: host@example.org\n  alternative_hosts: [alt@, ok@example.org]\n")),
    yaml_case("interpreter_bad_email", BASE + "interpretation:\n  pairs: [[English, Korean]]\n  interpreters:\n"
              "    - {id: i1, name: I1, email: i1.example.org, languages: [English, Korean]}\n"
              "    - {id: i2, name: I2, email: i2@example.org, languages: [English, Korean]}\n"),
    yaml_case("block_warning_negative", BASE + "run:\n  block_warnings: [-10]\n"),
    yaml_case("block_warning_huge", BASE + "run:\n  block_warnings: [10, 100000]\n"),
    yaml_case("speaker_warning_huge", BASE + "run:\n  speaker_warnings: [999]\n"),
    yaml_case("speaker_warning_longer_than_slot", BASE + "run:\n  speaker_warnings: [30, 2]\n", code=0),
    yaml_case("warning_twice", BASE + "run:\n  block_warnings: [10, 5, 10]\n"),
    yaml_case("speaker_warning_twice", BASE + "run:\n  speaker_warnings: [2, 2]\n"),
    yaml_case("warnings_too_many", BASE + "run:\n  speaker_warnings: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n"),
    yaml_case("preflight_huge", BASE + "run:\n  preflight_minutes: 100000\n"),
    yaml_case("misfire_zero", BASE + "run:\n  misfire_grace_seconds: 0\n"),
    yaml_case("zoom_topic_too_long", BASE + "zoom:\n  topic: " + "T" * 260 + "\n"),
    yaml_case("title_over_200_is_a_warning", edit("title: Demo", "title: " + "T" * 210), code=0),
    Case("title_over_200_plan", {"s.yaml": edit("title: Demo", "title: " + "T" * 210)}, args=("plan", "s.yaml")),
    # ---- clocks
    yaml_case("dst_gap_start", edit("Europe/Paris", "Europe/Berlin").replace("2030-05-01", "2024-03-31").replace(
        '"09:00"', '"02:30"').replace('"09:30"', '"03:30"').replace("minutes: 30", "minutes: 60")),
    yaml_case("dst_fold_warning", edit("Europe/Paris", "America/New_York").replace("2030-05-01", "2024-11-03").replace(
        '"09:00"', '"01:30"').replace('"09:30"', '"03:00"').replace("minutes: 30", "minutes: 150"), code=0),
    yaml_case("dst_block_minutes", edit("Europe/Paris", "Europe/Berlin").replace("2030-05-01", "2024-03-31").replace(
        '"09:00"', '"01:30"').replace('"09:30"', '"03:30"').replace("    moderator",
                                                                    "    minutes: 120\n    moderator")),
    # ---- roster paths
    yaml_case("people_etc_passwd", edit("""people:
  - {id: ann, name: Ann, email: ann@example.org}
  - {id: bob, name: Bob, email: bob@example.org}
""", "people: /etc/passwd\n")),
    Case("people_parent_csv", {"roster.csv": ROSTER, "sub/s.yaml": ROSTER_BASE.replace("roster.csv", "../roster.csv")},
         args=("validate", "sub/s.yaml")),
    yaml_case("people_txt", edit("""people:
  - {id: ann, name: Ann, email: ann@example.org}
  - {id: bob, name: Bob, email: bob@example.org}
""", "people: roster.txt\n")),
    yaml_case("people_empty_text", edit("""people:
  - {id: ann, name: Ann, email: ann@example.org}
  - {id: bob, name: Bob, email: bob@example.org}
""", 'people: ""\n')),
    yaml_case("people_missing_csv", ROSTER_BASE),
    # ---- roster CSV
    roster_case("csv_ok", ROSTER, code=0),
    roster_case("csv_control_char", ROSTER.replace("Bob,", "B\x0bob,")),
    roster_case("csv_nul", ROSTER.replace("Ann,", "A\x00nn,")),
    roster_case("csv_unclosed_quote", ROSTER.replace("ann,Ann,", 'ann,"Ann,')),
    roster_case("csv_huge_field", ROSTER.replace("Ann,", '"' + "A" * 140000 + '",')),
    roster_case("csv_duplicate_column", "id,name,name,email\nann,Ann,Ann,ann@example.org\n"),
    roster_case("csv_unknown_column", "id,name,emial\nann,Ann,ann@example.org\nbob,Bob,bob@example.org\n"),
    roster_case("csv_missing_id_column", "name,email\nAnn,ann@example.org\n"),
    roster_case("csv_empty", ""),
    roster_case("csv_header_only", "id,name,email\n"),
    roster_case("csv_latin1", ROSTER.replace("Bob,", "B\xf6b,").encode("latin-1")),
    roster_case("csv_utf16", ROSTER.encode("utf-16")),
    roster_case("csv_extra_values", ROSTER.replace("bob@example.org", "bob@example.org,Jr.")),
    roster_case("csv_bad_email", ROSTER.replace("bob@example.org", "bob@@example.org")),
    roster_case("csv_bad_id", ROSTER.replace("bob,Bob", "Bob Smith,Bob")),
    roster_case("csv_blank_lines_ok", ROSTER.replace("\nbob", "\n\n,,\nbob"), code=0),
    roster_case("csv_bom_crlf_ok", "\ufeff" + ROSTER.replace("\n", "\r\n"), code=0),
    roster_case("csv_too_many_rows", "id,name\n" + "".join(f"p{i},P{i}\n" for i in range(10_001))),
    # ---- config file
    config_case("config_ok", CONFIG, code=0),
    config_case("config_empty_ok", "", code=0),
    config_case("config_duplicate_key", CONFIG + "panelist_cap: 300\n"),
    config_case("config_typo", CONFIG.replace("panelist_cap", "panelists_cap")),
    config_case("config_text_number", CONFIG.replace("100\n", "many\n", 1)),
    config_case("config_list", "- panelist_cap\n"),
    config_case("config_tab", "webinar_settings:\n\tapproval_type: 2\n"),
    config_case("config_control_char", CONFIG.replace("panelist_cap: 100", "panelist_cap: 1\x0700")),
    config_case("config_laughs", LAUGHS),
    config_case("config_deep", "webinar_settings:\n  x: " + "[" * 700 + "]" * 700 + "\n"),
    config_case("config_utf16", CONFIG.encode("utf-16")),
    config_case("config_unknown_webinar_setting", "webinar_settings:\n  aproval_type: 2\n"),
    config_case("config_merge_key", "base: &b {panelist_cap: 5}\n<<: *b\n"),
    config_case("config_unclosed_quote", 'webinar_settings:\n  email_language: "en-US\n'),
]
