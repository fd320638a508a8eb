from tests.conftest import contact


def test_same_name_in_two_folders(check):
    files = {
        "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Sam Lee]]"]\n---\n',
        "contacts/Sam Lee.md": contact(),
        "archive/Sam Lee.md": "# old\n",
    }
    assert check("NM302", files) == [("meetings/m.md", 4, 9)]


def test_path_link_resolves_it(check):
    files = {
        "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[contacts/Sam Lee]]"]\n---\n',
        "contacts/Sam Lee.md": contact(),
        "archive/Sam Lee.md": "# old\n",
    }
    assert check("NM302", files) == []


def test_shared_alias(check):
    files = {
        "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Sam]]"]\n---\n',
        "contacts/Sam Lee.md": contact(aliases="[Sam]"),
        "contacts/Sam Roe.md": contact(aliases="[Sam]"),
    }
    assert check("NM302", files) == [("meetings/m.md", 4, 9)]
