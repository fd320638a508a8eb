PITCH = "---\ntype: pitch\n{}---\n{}\n"


def test_too_long_at_150_words_a_minute(check):
    assert check("NM407", {"pitch/p.md": PITCH.format("target_seconds: 60\n", "word " * 151)}) == [(3, 17)]


def test_exactly_on_time(check):
    assert check("NM407", {"pitch/p.md": PITCH.format("target_seconds: 60\n", "word " * 150)}) == []


def test_default_target_is_two_minutes(check):
    assert check("NM407", {"pitch/p.md": PITCH.format("", "# Pitch\n" + "word " * 301)}) == [(4, 1)]


def test_headings_do_not_count(check):
    assert check("NM407", {"pitch/p.md": PITCH.format("", "# A heading\n" + "word " * 300)}) == []


def test_words_per_minute_from_config(check):
    files = {"pitch/p.md": PITCH.format("", "word " * 301)}
    assert check("NM407", files, "[method]\nwords_per_minute = 160\n") == []
