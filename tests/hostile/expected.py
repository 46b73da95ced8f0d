"""What zoomops answers to each case of the corpus: stderr lines, sandbox notices left out (reviewed by hand)."""

EXPECTED: dict[str, list[str]] = {
    'utf16_le_bom': [
        's.yaml:1:1: the file is saved as UTF-16; save it as UTF-8 (in most editors: Save'
        ' As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'utf16_be_bom': [
        's.yaml:1:1: the file is saved as UTF-16; save it as UTF-8 (in most editors: Save'
        ' As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'utf16_no_bom': [
        's.yaml:1:1: the file looks like UTF-16 (a zero byte between letters); save it as'
        ' UTF-8 (in most editors: Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'utf32_bom': [
        's.yaml:1:1: the file is saved as UTF-32; save it as UTF-8 (in most editors: Save'
        ' As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'latin1': [
        "s.yaml:3:13: the file is not UTF-8: byte 0xE9 here (it reads as 'é' in Windows-1"
        '252/Latin-1, the encoding it was probably saved in); save it as UTF-8 (in most e'
        'ditors: Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'cp1252_quotes': [
        "s.yaml:3:10: the file is not UTF-8: byte 0x93 here (it reads as '“' in Windows-1"
        '252/Latin-1, the encoding it was probably saved in); save it as UTF-8 (in most e'
        'ditors: Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'invalid_utf8_line_9': [
        "s.yaml:9:22: the file is not UTF-8: byte 0xFF here (it reads as 'ÿ' in Windows-1"
        '252/Latin-1, the encoding it was probably saved in); save it as UTF-8 (in most e'
        'ditors: Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'utf8_bom_ok': [
    ],
    'nul': [
        's.yaml:3:12: invisible character U+0000 (NUL) is not allowed (often pasted from '
        'Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'bell': [
        's.yaml:12:13: invisible character U+0007 (bell) is not allowed (often pasted fro'
        'm Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'vertical_tab': [
        's.yaml:8:22: invisible character U+000B (vertical tab) is not allowed (often pas'
        'ted from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'form_feed_line': [
        's.yaml:10:1: invisible character U+000C (form feed) is not allowed (often pasted'
        ' from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'escape_char': [
        's.yaml:3:10: invisible character U+001B (escape) is not allowed (often pasted fr'
        'om Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'delete_char': [
        's.yaml:3:14: invisible character U+007F (delete) is not allowed (often pasted fr'
        'om Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'c1_control': [
        's.yaml:3:14: invisible character U+0090 (a control character) is not allowed (of'
        'ten pasted from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'u_fffe': [
        's.yaml:12:15: invisible character U+FFFE (a non-character) is not allowed (often'
        ' pasted from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'u_ffff_in_key': [
        's.yaml:15:10: invisible character U+FFFF (a non-character) is not allowed (often'
        ' pasted from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'escaped_bell': [
        's.yaml:3:10: event.title: the quoted value holds an invisible character U+0007 ('
        'bell), written as an escape: remove it',
        '1 error(s); nothing was changed.',
    ],
    'escaped_vertical_tab_in_flow': [
        's.yaml:8:21: people[0].name: the quoted value holds an invisible character U+000'
        'B (vertical tab), written as an escape: remove it',
        '1 error(s); nothing was changed.',
    ],
    'zero_width_space_key': [
        's.yaml:12:5: blocks[0].title\u200b: unknown field: the key holds an invisible charact'
        'er U+200B (zero width space); retype the key',
        '1 error(s); nothing was changed.',
    ],
    'line_separator_in_plain_value': [
        's.yaml:12:13: an invisible line separator (U+2028, often pasted from a web page '
        'or PDF): YAML starts a new line there, so the text after it is misread; delete i'
        't',
        '1 error(s); nothing was changed.',
    ],
    'next_line_char_in_quoted_value': [
        's.yaml:3:13: an invisible next-line character (U+0085, often pasted from a web p'
        'age or PDF): YAML starts a new line there, so the text after it is misread; dele'
        'te it',
        '1 error(s); nothing was changed.',
    ],
    'long_complex_key': [
        's.yaml:18:3: kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: unkn'
        'own field; expected one of event, people, blocks, interpretation, zoom, run, reg'
        'istration',
        '1 error(s); nothing was changed.',
    ],
    'nbsp_indent': [
        's.yaml:12:1: the indentation has a no-break space (U+00A0): YAML indents with pl'
        'ain spaces only; retype the indentation with spaces',
        '1 error(s); nothing was changed.',
    ],
    'empty': [
        's.yaml:1:1: the file is empty: a schedule has event, people and blocks',
        '1 error(s); nothing was changed.',
    ],
    'whitespace_only': [
        's.yaml:1:1: the file is empty: a schedule has event, people and blocks',
        '1 error(s); nothing was changed.',
    ],
    'comments_only': [
        's.yaml:1:1: the file is empty: a schedule has event, people and blocks',
        '1 error(s); nothing was changed.',
    ],
    'document_marker_only': [
        's.yaml:1:1: the file is empty: a schedule has event, people and blocks',
        '1 error(s); nothing was changed.',
    ],
    'too_big': [
        's.yaml: the file is larger than 1,048 bytes, the limit for schedules, rosters an'
        'd config files: is it the right file? (ZOOMOPS_MAX_INPUT_MB raises it)',
        '1 error(s); nothing was changed.',
    ],
    'tab_indent': [
        's.yaml:12:1: a tab character: YAML indents with spaces only; replace the tab wit'
        'h spaces',
        '1 error(s); nothing was changed.',
    ],
    'tab_after_dash': [
        's.yaml:11:4: a tab character: YAML indents with spaces only; replace the tab wit'
        'h spaces',
        '1 error(s); nothing was changed.',
    ],
    'unclosed_double_quote': [
        's.yaml:13:12: this " opens a quoted value that is not closed on its line (it run'
        's on to line 14): add the closing "',
        '1 error(s); nothing was changed.',
    ],
    'unclosed_single_quote': [
        "s.yaml:3:10: this ' opens a quoted value that is never closed: add the closing '"
        ' (a \' inside the text: use " around the value instead)',
        '1 error(s); nothing was changed.',
    ],
    'unclosed_bracket': [
        's.yaml:4:10: this [ opens a list that is not closed by ] (or its entries are not'
        ' separated by commas): close it, or put the value in quotes if the [ is part of '
        'the text',
        '1 error(s); nothing was changed.',
    ],
    'unclosed_brace': [
        's.yaml:9:5: this { opens a mapping that is not closed by } (or its entries are n'
        'ot separated by commas): close it, or put the value in quotes if the { is part o'
        'f the text',
        '1 error(s); nothing was changed.',
    ],
    'stray_closing_bracket': [
        "s.yaml:17:58: ']' here does not belong inside the { } that opens at column 9: re"
        'move it, add a comma before it, or put the value in quotes',
        '1 error(s); nothing was changed.',
    ],
    'colon_in_title': [
        "s.yaml:12:21: a second ': ' on one line: YAML reads what follows as a new key; p"
        'ut the value in quotes: title: "Session 1: Opening"',
        '1 error(s); nothing was changed.',
    ],
    'bad_indent': [
        "s.yaml:14:4: this line's indentation does not match the lines above: line it up,"
        ' with spaces, with the other fields of the same entry',
        '1 error(s); nothing was changed.',
    ],
    'dash_at_wrong_indent': [
        "s.yaml:9:4: this line's indentation does not match the lines above: line it up, "
        'with spaces, with the other fields of the same entry',
        '1 error(s); nothing was changed.',
    ],
    'missing_colon': [
        "s.yaml:15:5: this line is read as a key but has no ': ' after it (or its indenta"
        'tion is wrong): write key: value, indented with spaces like the lines around it',
        '1 error(s); nothing was changed.',
    ],
    'two_documents': [
        "s.yaml:18:1: a second document starts here ('---'): a schedule file holds one do"
        'cument; remove this line (and merge what follows into the first part)',
        '1 error(s); nothing was changed.',
    ],
    'undefined_alias': [
        's.yaml:15:16: *ann refers to no anchor &ann above it: define it first, or put th'
        'e value in quotes if the * is part of the text',
        '1 error(s); nothing was changed.',
    ],
    'alias_as_text': [
        's.yaml:12:12: a value cannot start with * unquoted (YAML reads & and * as anchor'
        's and aliases): put the value in quotes: title: "*Draft* One"',
        '1 error(s); nothing was changed.',
    ],
    'anchor_as_text': [
        's.yaml:12:12: a value cannot start with & unquoted (YAML reads & and * as anchor'
        's and aliases): put the value in quotes: title: "& more"',
        '1 error(s); nothing was changed.',
    ],
    'at_sign': [
        's.yaml:12:12: a value cannot start with \'@\': put the value in quotes: title: "@h'
        'ome"',
        '1 error(s); nothing was changed.',
    ],
    'backtick': [
        's.yaml:12:12: a value cannot start with \'`\': put the value in quotes: title: "`c'
        'ode`"',
        '1 error(s); nothing was changed.',
    ],
    'percent_directive': [
        's.yaml:2:1: a line starting with % is a YAML directive: put the value in quotes',
        '1 error(s); nothing was changed.',
    ],
    'unknown_escape': [
        's.yaml:3:13: a backslash inside double quotes starts an escape YAML does not kno'
        'w: write \\\\ for a backslash, or use single quotes around the value',
        '1 error(s); nothing was changed.',
    ],
    'recursive_alias': [
        's.yaml:17:9: *loop stands for the value it is inside (&loop): a recursive alias '
        'cannot be read; write the value out',
        '1 error(s); nothing was changed.',
    ],
    'billion_laughs': [
        's.yaml:23:13: the aliases up to here stand for more than 20,000 values (an alias'
        " of aliases of aliases, as in a 'billion laughs' document): write the values out",
        '1 error(s); nothing was changed.',
    ],
    'many_aliases': [
        's.yaml:19:2005: more than 500 aliases (*name): write the values out',
        '1 error(s); nothing was changed.',
    ],
    'duplicate_anchor': [
        's.yaml:16:13: anchor &m is defined twice (first at line 15): rename one of them',
        '1 error(s); nothing was changed.',
    ],
    'deep_flow_nesting': [
        's.yaml:18:53: nested more than 50 levels deep here: zoomops files need about 6 ('
        "look for stray '[' or '{' or wrongly indented lines)",
        '1 error(s); nothing was changed.',
    ],
    'deep_block_nesting': [
        's.yaml:67:50: nested more than 50 levels deep here: zoomops files need about 6 ('
        "look for stray '[' or '{' or wrongly indented lines)",
        '1 error(s); nothing was changed.',
    ],
    'deeper_than_libyaml': [
        's.yaml:18:1003: nested more than 50 levels deep here: zoomops files need about 6'
        " (look for stray '[' or '{' or wrongly indented lines)",
        '1 error(s); nothing was changed.',
    ],
    'merge_key': [
        "s.yaml:11:5: blocks[0]: '<<' (a YAML merge key) is not used in zoomops files: wr"
        'ite the fields out in this entry',
        '1 error(s); nothing was changed.',
    ],
    'python_tag': [
        's.yaml:12:5: blocks[0].title: expected text, found a list',
        's.yaml:12:12: blocks[0].title: the tag !!python/object/apply:os.system is not us'
        'ed in zoomops files: remove it',
        '2 error(s); nothing was changed.',
    ],
    'binary_tag': [
        's.yaml:12:12: blocks[0].title: the tag !!binary is not used in zoomops files: re'
        'move it',
        '1 error(s); nothing was changed.',
    ],
    'custom_tag': [
        's.yaml:12:12: blocks[0].title: the tag !secret is not used in zoomops files: rem'
        'ove it',
        '1 error(s); nothing was changed.',
    ],
    'complex_key': [
        's.yaml:16:7: blocks[0]: a key must be a plain name (such as title), not a list o'
        'r mapping',
        '1 error(s); nothing was changed.',
    ],
    'null_key': [
        's.yaml:16:5: blocks[0].None: unknown field; expected one of kind, title, date, s'
        'tart, end, minutes, moderator, items, interpreted',
        '1 error(s); nothing was changed.',
    ],
    'top_level_list': [
        's.yaml:1:1: a schedule is a mapping with event, people and blocks',
        '1 error(s); nothing was changed.',
    ],
    'top_level_scalar': [
        's.yaml:1:1: a schedule is a mapping with event, people and blocks',
        '1 error(s); nothing was changed.',
    ],
    'duplicate_top_level_event': [
        's.yaml:1:1: event: written twice (again at line 18): YAML would silently keep on'
        'ly the second; merge the two or delete one',
        's.yaml:18:1: event: written twice (first at line 1): YAML would silently keep on'
        'ly this one; merge the two or delete one',
        '2 error(s); nothing was changed.',
    ],
    'duplicate_nested_key': [
        's.yaml:12:5: blocks[0].title: written twice (again at line 13): YAML would silen'
        'tly keep only the second; merge the two or delete one',
        's.yaml:13:5: blocks[0].title: written twice (first at line 12): YAML would silen'
        'tly keep only this one; merge the two or delete one',
        '2 error(s); nothing was changed.',
    ],
    'duplicate_flow_key': [
        's.yaml:8:15: people[0].name: written twice (again at line 8): YAML would silentl'
        'y keep only the second; merge the two or delete one',
        's.yaml:8:26: people[0].name: written twice (first at line 8): YAML would silentl'
        'y keep only this one; merge the two or delete one',
        '2 error(s); nothing was changed.',
    ],
    'title_no': [
        's.yaml:3:3: event.title: YAML reads no as false, not as text: put it in quotes: '
        'title: "no"',
        '1 error(s); nothing was changed.',
    ],
    'title_yes_in_block': [
        's.yaml:12:5: blocks[0].title: YAML reads yes as true, not as text: put it in quo'
        'tes: title: "yes"',
        '1 error(s); nothing was changed.',
    ],
    'title_number': [
        's.yaml:3:3: event.title: YAML reads 2030 as the number 2030, not as text: put it'
        ' in quotes: title: "2030"',
        '1 error(s); nothing was changed.',
    ],
    'title_empty': [
        "s.yaml:3:3: event.title: empty: write a value after 'title:', or delete the line",
        '1 error(s); nothing was changed.',
    ],
    'id_date': [
        's.yaml:2:3: event.id: YAML reads 2030-05-01 as the date 2030-05-01, not as text:'
        ' put it in quotes: id: "2030-05-01"',
        '1 error(s); nothing was changed.',
    ],
    'speaker_id_number': [
        's.yaml:17:54: blocks[0].items[0].speakers[0]: YAML reads 1234 as the number 1234'
        ', not as text: put it in quotes: "1234"',
        '1 error(s); nothing was changed.',
    ],
    'event_empty': [
        's.yaml:1:1: event: nothing is written under event: its fields (id, title, dates,'
        ' timezone) go on the lines below it, indented by two more spaces',
        '1 error(s); nothing was changed.',
    ],
    'event_is_list': [
        "s.yaml:3:3: this line's indentation does not match the lines above: line it up, "
        'with spaces, with the other fields of the same entry',
        '1 error(s); nothing was changed.',
    ],
    'event_is_text': [
        's.yaml:1:1: event: expected fields (id, title, dates, timezone) as key: value li'
        "nes, found the text 'Demo'",
        '1 error(s); nothing was changed.',
    ],
    'blocks_is_text': [
        "s.yaml:10:1: blocks: expected a list ([a, b] or lines starting with '- '), found"
        " the text 'see the agenda'",
        '1 error(s); nothing was changed.',
    ],
    'block_is_text': [
        's.yaml:11:5: blocks[0]: expected fields (kind, start, end) as key: value lines, '
        "found the text 'opening'",
        '1 error(s); nothing was changed.',
    ],
    'person_is_text': [
        's.yaml:9:5: people[1]: expected fields (id, name) as key: value lines, found the'
        " text 'bob'",
        '1 error(s); nothing was changed.',
    ],
    'dates_number': [
        's.yaml:4:11: event.dates[0]: not a date: 20300501; write it as YYYY-MM-DD, e.g. '
        '2022-09-06',
        '1 error(s); nothing was changed.',
    ],
    'dates_not_list': [
        "s.yaml:4:3: event.dates: expected a list ([a, b] or lines starting with '- '), f"
        'ound the date 2030-05-01',
        '1 error(s); nothing was changed.',
    ],
    'date_9999': [
        's.yaml:4:11: event.dates[0]: 9999-12-31 is outside the years 2000-2100: check th'
        'e year',
        '1 error(s); nothing was changed.',
    ],
    'date_0001': [
        's.yaml:4:11: event.dates[0]: 0001-01-01 is outside the years 2000-2100: check th'
        'e year',
        '1 error(s); nothing was changed.',
    ],
    'date_1999': [
        's.yaml:4:11: event.dates[0]: 1999-12-31 is outside the years 2000-2100: check th'
        'e year',
        '1 error(s); nothing was changed.',
    ],
    'block_date_9999': [
        's.yaml:13:5: blocks[0].date: 9999-12-31 is outside the years 2000-2100: check th'
        'e year',
        '1 error(s); nothing was changed.',
    ],
    'date_with_time': [
        's.yaml:4:11: event.dates[0]: a date and a time: write only the date, e.g. 2030-0'
        '5-01',
        '1 error(s); nothing was changed.',
    ],
    'too_many_dates': [
        's.yaml:4:3: event.dates: allows at most 31 entries, found 32',
        '1 error(s); nothing was changed.',
    ],
    'timezone_typo': [
        "s.yaml:5:3: event.timezone: unknown time zone 'Europe/Pari' (use an IANA name su"
        "ch as Asia/Seoul); did you mean 'Europe/Paris'?",
        '1 error(s); nothing was changed.',
    ],
    'timezone_folder': [
        "s.yaml:5:3: event.timezone: unknown time zone 'Europe' (use an IANA name such as"
        ' Asia/Seoul)',
        '1 error(s); nothing was changed.',
    ],
    'timezone_long': [
        "s.yaml:5:3: event.timezone: unknown time zone 'Europe/xxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxx'… (use an IANA name such as Asia/Seoul)",
        '1 error(s); nothing was changed.',
    ],
    'timezone_absolute': [
        "s.yaml:5:3: event.timezone: unknown time zone '/etc/localtime' (use an IANA name"
        ' such as Asia/Seoul)',
        '1 error(s); nothing was changed.',
    ],
    'start_float': [
        's.yaml:13:5: blocks[0].start: not a time of day (HH:MM): 9.3; write it in quotes'
        ", e.g. '09:00'",
        '1 error(s); nothing was changed.',
    ],
    'start_bool': [
        's.yaml:13:5: blocks[0].start: YAML reads yes as true: expected a time of day in '
        "quotes, e.g. '09:00'",
        '1 error(s); nothing was changed.',
    ],
    'start_24': [
        "s.yaml:13:5: blocks[0].start: not a time of day (HH:MM): '24:00'",
        '1 error(s); nothing was changed.',
    ],
    'minutes_huge': [
        's.yaml:17:30: blocks[0].items[0].minutes: must be at most 1440, found 1000000000'
        '000000000000000000000 (minutes)',
        '1 error(s); nothing was changed.',
    ],
    'minutes_inf': [
        's.yaml:17:30: blocks[0].items[0].minutes: input should be a finite number',
        '1 error(s); nothing was changed.',
    ],
    'minutes_day_plus': [
        's.yaml:15:5: blocks[0].minutes: must be at most 1440, found 1441 (minutes)',
        '1 error(s); nothing was changed.',
    ],
    'title_too_long': [
        's.yaml:12:5: blocks[0].title: at most 2000 characters, found 2001',
        '1 error(s); nothing was changed.',
    ],
    'unknown_top_key_no_match': [
        's.yaml:18:1: sessions: unknown field; expected one of event, people, blocks, int'
        'erpretation, zoom, run, registration',
        '1 error(s); nothing was changed.',
    ],
    'misspelled_event_inner_errors': [
        "s.yaml:1:1: evnt: unknown field; did you mean 'event'?",
        "s.yaml:2:3: event.id: 'Demo': use lower-case letters, digits, '.', '_' or '-' (e"
        '.g. jae-hee-park)',
        's.yaml:3:3: event.title: YAML reads no as false, not as text: put it in quotes: '
        'title: "no"',
        '3 error(s); nothing was changed.',
    ],
    'misspelled_blocks': [
        "s.yaml:10:1: blcoks: unknown field; did you mean 'blocks'?",
        '1 error(s); nothing was changed.',
    ],
    'misspelled_nested_start': [
        "s.yaml:13:5: blocks[0].strat: unknown field; did you mean 'start'?",
        '1 error(s); nothing was changed.',
    ],
    'misspelled_items_inner_errors': [
        "s.yaml:16:5: blocks[0].itmes: unknown field; did you mean 'items'?",
        "s.yaml:17:10: blocks[0].items[0].kind: 'presentaton' is not one of 'remarks', 'k"
        "eynote', 'presentation', 'discussion', 'qa', 'group_photo' or 'other'; did you m"
        "ean 'presentation'?",
        '2 error(s); nothing was changed.',
    ],
    'enum_typo_block': [
        "s.yaml:11:5: blocks[0].kind: 'sesion' is not one of 'opening', 'session', 'break"
        "' or 'closing'; did you mean 'session'?",
        '1 error(s); nothing was changed.',
    ],
    'enum_typo_item': [
        "s.yaml:17:10: blocks[0].items[0].kind: 'presentaion' is not one of 'remarks', 'k"
        "eynote', 'presentation', 'discussion', 'qa', 'group_photo' or 'other'; did you m"
        "ean 'presentation'?",
        '1 error(s); nothing was changed.',
    ],
    'enum_case': [
        "s.yaml:11:5: blocks[0].kind: 'Session' is not one of 'opening', 'session', 'brea"
        "k' or 'closing'; did you mean 'session'?",
        '1 error(s); nothing was changed.',
    ],
    'split_typo': [
        "s.yaml:18:8: zoom.split: 'blok' is not one of 'event', 'day' or 'block'; did you"
        " mean 'block'?",
        '1 error(s); nothing was changed.',
    ],
    'literal_typo': [
        "s.yaml:20:3: interpretation.blocks: 'al' is not one of 'all'; did you mean 'all'"
        '?',
        '1 error(s); nothing was changed.',
    ],
    'email_double_at': [
        "s.yaml:8:26: people[0].email: not an email address: 'ann@@example.org' (the part"
        " after the @-sign contains invalid characters: '@')",
        '1 error(s); nothing was changed.',
    ],
    'email_no_dot': [
        "s.yaml:9:26: people[1].email: not an email address: 'bo@example' (the part after"
        ' the @-sign is not valid. It should have a period)',
        '1 error(s); nothing was changed.',
    ],
    'email_spaces': [
        "s.yaml:8:26: people[0].email: not an email address: 'ann @example.org' (the emai"
        'l address contains invalid characters before the @-sign: SPACE)',
        '1 error(s); nothing was changed.',
    ],
    'host_not_email': [
        "s.yaml:6:3: event.host: not an email address: 'not-an-email' (an email address m"
        'ust have an @-sign)',
        '1 error(s); nothing was changed.',
    ],
    'alternative_host_bad': [
        "s.yaml:7:23: event.alternative_hosts[0]: not an email address: 'alt@' (there mus"
        't be something after the @-sign)',
        '1 error(s); nothing was changed.',
    ],
    'interpreter_bad_email': [
        "s.yaml:21:26: interpretation.interpreters[0].email: not an email address: 'i1.ex"
        "ample.org' (an email address must have an @-sign)",
        '1 error(s); nothing was changed.',
    ],
    'block_warning_negative': [
        's.yaml:19:20: run.block_warnings[0]: must be at least 1, found -10 (minutes befo'
        're a block starts)',
        '1 error(s); nothing was changed.',
    ],
    'block_warning_huge': [
        's.yaml:19:24: run.block_warnings[1]: must be at most 240, found 100000 (minutes '
        'before a block starts)',
        '1 error(s); nothing was changed.',
    ],
    'speaker_warning_huge': [
        's.yaml:19:22: run.speaker_warnings[0]: must be at most 60, found 999 (minutes be'
        "fore a speaker's time is up)",
        '1 error(s); nothing was changed.',
    ],
    'speaker_warning_longer_than_slot': [
        's.yaml:19:22: warning: run.speaker_warnings[0]: 30 minutes is as long as 1 speak'
        'ing slot(s) (first: blocks[0].items[0], 30 min): no 30-minute warning fires ther'
        'e',
    ],
    'warning_twice': [
        's.yaml:19:3: run.block_warnings: 10 is listed twice: give each warning once',
        '1 error(s); nothing was changed.',
    ],
    'speaker_warning_twice': [
        's.yaml:19:3: run.speaker_warnings: 2 is listed twice: give each warning once',
        '1 error(s); nothing was changed.',
    ],
    'warnings_too_many': [
        's.yaml:19:3: run.speaker_warnings: allows at most 10 entries, found 11',
        '1 error(s); nothing was changed.',
    ],
    'preflight_huge': [
        's.yaml:19:3: run.preflight_minutes: must be at most 1440, found 100000 (minutes)',
        '1 error(s); nothing was changed.',
    ],
    'misfire_zero': [
        's.yaml:19:3: run.misfire_grace_seconds: must be at least 1, found 0 (seconds)',
        '1 error(s); nothing was changed.',
    ],
    'zoom_topic_too_long': [
        "s.yaml:19:3: zoom.topic: 260 characters; Zoom's webinar topic allows at most 200"
        ': shorten it',
        '1 error(s); nothing was changed.',
    ],
    'title_over_200_is_a_warning': [
        "s.yaml:3:3: warning: event.title: 210 characters, but Zoom's webinar topic allow"
        "s at most 200: set zoom.topic to the webinar's name (at most 200 characters); pl"
        'an and apply will not cut it for you',
    ],
    'title_over_200_plan': [
        "s.yaml:3:3: event.title: 210 characters, but Zoom's webinar topic allows at most"
        " 200: set zoom.topic to the webinar's name (at most 200 characters); plan and ap"
        'ply will not cut it for you',
        '1 error(s); nothing was changed.',
    ],
    'dst_gap_start': [
        's.yaml:13:5: blocks[0].start: 02:30 does not exist on 2024-03-31 in Europe/Berli'
        'n: the clocks go forward from 02:00 to 03:00 that night; use a time before 02:00'
        ' or from 03:00',
        '1 error(s); nothing was changed.',
    ],
    'dst_fold_warning': [
        's.yaml:13:5: warning: blocks[0].start: 01:30 happens twice on 2024-11-03 in Amer'
        'ica/New_York: the clocks go back from 02:00 to 01:00 that night; zoomops takes t'
        'he first one (UTC-04:00): move it out of 01:00-02:00 to leave no doubt',
    ],
    'dst_block_minutes': [
        's.yaml:15:5: blocks[0].minutes: says 120 minutes but 01:30-03:30 is 60 minutes o'
        'f real time: the clocks go forward from 02:00 to 03:00 that night (daylight savi'
        'ng time)',
        's.yaml:17:5: warning: blocks[0].items: items fill 30 of 60 minutes',
        '1 error(s); nothing was changed.',
    ],
    'people_etc_passwd': [
        "s.yaml:7:1: people: '/etc/passwd' is not a .csv file: a roster is a CSV file bes"
        'ide the schedule (or list the people here)',
        '1 error(s); nothing was changed.',
    ],
    'people_parent_csv': [
        "sub/s.yaml:7:1: people: '../roster.csv' is outside the schedule's folder: zoomop"
        's reads rosters only from there (copy the file beside the schedule, or list its '
        'folder in ZOOMOPS_ROSTER_DIRS)',
        '1 error(s); nothing was changed.',
    ],
    'people_txt': [
        "s.yaml:7:1: people: 'roster.txt' is not a .csv file: a roster is a CSV file besi"
        'de the schedule (or list the people here)',
        '1 error(s); nothing was changed.',
    ],
    'people_empty_text': [
        's.yaml:7:1: people: empty: give a list of people, or the name of a CSV file besi'
        'de the schedule',
        '1 error(s); nothing was changed.',
    ],
    'people_missing_csv': [
        's.yaml:7:1: people: cannot read file: No such file or directory: roster.csv',
        '1 error(s); nothing was changed.',
    ],
    'csv_ok': [
    ],
    'csv_control_char': [
        'roster.csv:3:6: invisible character U+000B (vertical tab) is not allowed (often '
        'pasted from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'csv_nul': [
        'roster.csv:2:6: invisible character U+0000 (NUL) is not allowed (often pasted fr'
        'om Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'csv_unclosed_quote': [
        'roster.csv:2:2: a quote opened in this value is not closed on its line (it takes'
        ' in the lines below): close it, or remove it',
        '1 error(s); nothing was changed.',
    ],
    'csv_huge_field': [
        'roster.csv:2:1: not readable as CSV (field larger than field limit (131072)): ch'
        'eck the quotes in this row',
        '1 error(s); nothing was changed.',
    ],
    'csv_duplicate_column': [
        'roster.csv:1:3: name: column written twice (first as column 2): delete one',
        '1 error(s); nothing was changed.',
    ],
    'csv_unknown_column': [
        "roster.csv:1:3: emial: unknown column; did you mean 'email'? expected id, honori"
        'fic, name, affiliation, email, timezone, languages, name_local, preferred_langua'
        'ge, pronouns',
        '1 error(s); nothing was changed.',
    ],
    'csv_missing_id_column': [
        'roster.csv:1:1: id: required column is missing',
        '1 error(s); nothing was changed.',
    ],
    'csv_empty': [
        'roster.csv:1:1: the roster is empty: its first line names the columns, e.g. id,h'
        'onorific,name,affiliation,email,timezone,languages,name_local,preferred_language'
        ',pronouns',
        '1 error(s); nothing was changed.',
    ],
    'csv_header_only': [
        "s.yaml:13:5: blocks[0].moderator: unknown person 'ann' (not in people)",
        "s.yaml:15:54: blocks[0].items[0].speakers[0]: unknown person 'bob' (not in peopl"
        'e)',
        '2 error(s); nothing was changed.',
    ],
    'csv_latin1': [
        "roster.csv:3:6: the file is not UTF-8: byte 0xF6 here (it reads as 'ö' in Window"
        's-1252/Latin-1, the encoding it was probably saved in); save it as UTF-8 (in mos'
        't editors: Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'csv_utf16': [
        'roster.csv:1:1: the file is saved as UTF-16; save it as UTF-8 (in most editors: '
        'Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'csv_extra_values': [
        'roster.csv:3:4: row has 4 values but the header has 3 columns (id, name, email);'
        ' quote values with commas',
        '1 error(s); nothing was changed.',
    ],
    'csv_bad_email': [
        "roster.csv:3:3: email: not an email address: 'bob@@example.org' (the part after "
        "the @-sign contains invalid characters: '@')",
        '1 error(s); nothing was changed.',
    ],
    'csv_bad_id': [
        "roster.csv:3:1: id: 'Bob Smith': use lower-case letters, digits, '.', '_' or '-'"
        ' (e.g. jae-hee-park)',
        "s.yaml:15:54: blocks[0].items[0].speakers[0]: unknown person 'bob' (not in peopl"
        'e)',
        '2 error(s); nothing was changed.',
    ],
    'csv_blank_lines_ok': [
    ],
    'csv_bom_crlf_ok': [
    ],
    'csv_too_many_rows': [
        'roster.csv:10002:1: more than 10,000 people: split the roster (is this the right'
        ' file?)',
        "s.yaml:13:5: blocks[0].moderator: unknown person 'ann' (not in people)",
        "s.yaml:15:54: blocks[0].items[0].speakers[0]: unknown person 'bob' (not in peopl"
        'e)',
        '3 error(s); nothing was changed.',
    ],
    'config_ok': [
    ],
    'config_empty_ok': [
    ],
    'config_duplicate_key': [
        'zoomops.yaml:1:1: panelist_cap: written twice (again at line 3): YAML would sile'
        'ntly keep only the second; merge the two or delete one',
        'zoomops.yaml:3:1: panelist_cap: written twice (first at line 1): YAML would sile'
        'ntly keep only this one; merge the two or delete one',
        '2 error(s); nothing was changed.',
    ],
    'config_typo': [
        "zoomops.yaml:1:1: panelists_cap: unknown field; did you mean 'panelist_cap'?",
        '1 error(s); nothing was changed.',
    ],
    'config_text_number': [
        "zoomops.yaml:1:1: panelist_cap: expected a whole number, found the text 'many'",
        '1 error(s); nothing was changed.',
    ],
    'config_list': [
        'zoomops.yaml:1:1: expected fields (key: value lines), found a list',
        '1 error(s); nothing was changed.',
    ],
    'config_tab': [
        'zoomops.yaml:2:1: a tab character: YAML indents with spaces only; replace the ta'
        'b with spaces',
        '1 error(s); nothing was changed.',
    ],
    'config_control_char': [
        'zoomops.yaml:1:16: invisible character U+0007 (bell) is not allowed (often paste'
        'd from Word or a PDF): delete it, or retype the text around it',
        '1 error(s); nothing was changed.',
    ],
    'config_laughs': [
        'zoomops.yaml:5:11: the aliases up to here stand for more than 20,000 values (an '
        "alias of aliases of aliases, as in a 'billion laughs' document): write the value"
        's out',
        '1 error(s); nothing was changed.',
    ],
    'config_deep': [
        'zoomops.yaml:2:54: nested more than 50 levels deep here: zoomops files need abou'
        "t 6 (look for stray '[' or '{' or wrongly indented lines)",
        '1 error(s); nothing was changed.',
    ],
    'config_utf16': [
        'zoomops.yaml:1:1: the file is saved as UTF-16; save it as UTF-8 (in most editors'
        ': Save As, Encoding: UTF-8)',
        '1 error(s); nothing was changed.',
    ],
    'config_unknown_webinar_setting': [
        "zoomops.yaml:1:1: webinar_settings: not what Zoom's webinar settings accept: apr"
        "oval_type: unknown field (not in Zoom's webinar settings)",
        '1 error(s); nothing was changed.',
    ],
    'config_merge_key': [
        'zoomops.yaml:1:1: base: unknown field; expected one of panelist_cap, daily_creat'
        'e_update_budget, webinar_settings',
        "zoomops.yaml:2:1: '<<' (a YAML merge key) is not used in zoomops files: write th"
        'e fields out in this entry',
        '2 error(s); nothing was changed.',
    ],
    'config_unclosed_quote': [
        'zoomops.yaml:2:19: this " opens a quoted value that is never closed: add the clo'
        'sing " (a " inside the text: use \' around the value instead)',
        '1 error(s); nothing was changed.',
    ],
}
