from tests.conftest import contact, lint_vault

C = "contacts/A.md"


def test_list_outside_its_choices(check):
    assert check("NM203", {C: contact(list="b")}) == [(3, 7)]


def test_priority_out_of_range(check):
    assert check("NM203", {"organizations/o.md": "---\ntype: organization\npriority: 9\n---\n"}) == [(3, 11)]


def test_priority_as_text(check):
    assert check("NM203", {"organizations/o.md": "---\ntype: organization\npriority: high\n---\n"}) == [(3, 11)]


def test_checkbox(check):
    assert check("NM203", {C: contact(decision_maker="maybe")}) == [(4, 17)]


def test_date(check):
    assert check("NM203", {C: contact(follow_up="soon")}) == [(4, 12)]


def test_quoted_date_is_accepted(check):
    assert check("NM203", {C: contact(follow_up='"2026-11-20"')}) == []


def test_time_format(check):
    text = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[A]]"]\ntime: "2pm"\n---\n'
    assert check("NM203", {"meetings/m.md": text, C: contact()}) == [("meetings/m.md", 5, 7)]


def test_bad_item_in_a_list(check):
    text = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[A]]"]\npurposes: [advice, job]\n---\n'
    assert check("NM203", {"meetings/m.md": text, C: contact()}) == [("meetings/m.md", 5, 20)]


def test_url(check):
    assert check("NM203", {C: contact(linkedin="not a url")}) == [(4, 11)]


def test_link_field_must_be_text(check):
    assert check("NM203", {C: contact(organization='["[[A]]", "[[B]]"]')}) == [(4, 15)]


def test_trap_is_left_to_nm103(check):
    assert check("NM203", {C: contact(role="no", phone="+491234")}) == []
    text = "---\ntype: meeting\ndate: 2026-11-20\nwith: [[A]]\nreferrals:\n  - [[A]]\n---\n"
    assert check("NM203", {"meetings/m.md": text, C: contact()}) == []


def test_good_contact(check):
    assert check("NM203", {C: contact(list="C", decision_maker="true", cadence="30", email="[a@b.c, d@e.f]")}) == []


def test_message_suggests_a_choice(vault):
    [d] = lint_vault(vault({C: contact(list="b")}))
    assert d.message == 'list: "b" is not one of A, B, C (did you mean "B"?)'


def test_a_kinds_always_fine_tags_are_those_its_problem_never_rejects():
    """The rule skips a value whose tag its kind lists as always fine: check that shortcut
    against `problem` for every kind of every type, on values of many shapes."""
    from netmd.parse import parse
    from netmd.schema import KINDS

    samples = ["x", "not a url", "25:99", "[[A]]", "2026-13-01", 7, 3.5, "yes", "2026-11-20", "~", "[1, 2]"]
    values = []
    for i, s in enumerate(samples):
        for text in (f"v: {s}", f'v: "{s}"'):
            values.append(parse(f"n{i}.md", f"---\n{text}\n---\n".encode()).fields["v"].value)
    kinds = {id(k): k for schema in KINDS.values() for k in schema.values()}.values()
    assert any(k.always_fine for k in kinds)
    for kind in kinds:
        for v in values:
            if v.tag in kind.always_fine:
                assert kind.problem(v) is None, (kind, v)
