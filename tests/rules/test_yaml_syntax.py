from tests.conftest import contact

C = "contacts/A.md"


def test_valid_front_matter_passes(check):
    assert check("NM101", {C: contact()}) == []


def test_invalid_yaml_points_at_the_problem(check):
    assert check("NM101", {C: "---\ntype: contact\nlist: [B\n---\n"}) == [(4, 1)]


def test_tab_indentation(check):
    assert check("NM101", {C: "---\ntype: contact\n\tlist: B\n---\n"}) == [(3, 1)]


def test_unclosed_front_matter(check):
    assert check("NM101", {C: "---\ntype: contact\nlist: B\n"}) == [(1, 1)]


def test_list_front_matter(check):
    assert check("NM101", {C: "---\n- type\n- contact\n---\n"}) == [(2, 1)]


def test_scalar_front_matter(check):
    assert check("NM101", {C: "---\njust text\n---\n"}) == [(2, 1)]


def test_alias_bomb_is_stopped(check):
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefg", "abcdef"):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    assert len(check("NM101", {C: bomb + "---\n"})) == 1


def test_unsupported_tag_is_not_constructed(check):
    assert check("NM101", {C: "---\ntype: !!python/object/apply:os.system [echo hi]\n---\n"}) == [(2, 7)]


def test_empty_front_matter_is_fine(check):
    assert check("NM101", {"notes/x.md": "---\n---\nbody\n"}) == []


def test_dashes_with_text_are_not_front_matter(check):
    assert check("NM101", {"notes/x.md": "--- draft ---\ntext\n"}) == []
