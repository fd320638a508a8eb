C = "contacts/A.md"
OK = "---\ntype: contact\nlist: B\n---\n"


def test_latin1_byte_is_located(check):
    assert check("NM104", {C: "---\ntype: contact\nlist: B\nrole: Zo\xeb\n---\n".encode("latin-1")}) == [(4, 9)]


def test_nul_byte(check):
    assert check("NM104", {C: b"---\ntype: contact\n\0---\n"}) == [(3, 1)]


def test_too_large(check):
    assert check("NM104", {C: OK + "x" * (1024 * 1024)}) == [(1, 1)]


def test_utf8_with_bom_is_fine(check):
    assert check("NM104", {C: b"\xef\xbb\xbf" + OK.encode()}) == []


def test_non_ascii_is_fine(check):
    assert check("NM104", {"contacts/Zoë Laurent.md": OK + "Zoë, Ελένη, 李\n"}) == []
