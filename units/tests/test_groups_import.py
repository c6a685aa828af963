import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from core.imports import MAX_ROWS
from testing.clients import login
from testing.sheets import table
from units.models import OrgUnit
from units.services import ImportErrors, residential_groups_import

pytestmark = pytest.mark.django_db


def _csv(text: str, name: str = "groups.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("groups.xlsx", out.getvalue())


def _groups(ward) -> dict[str, tuple[str, int | None]]:
    return {
        g.code: (g.name, g.households)
        for g in OrgUnit.objects.filter(parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP)
    }


def _import(world, upload):
    return residential_groups_import(actor=None, ward=world.ward, uploaded_file=upload)


def _errors(world, upload) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportErrors) as caught:
        _import(world, upload)
    return [(e.row, e.column) for e in caught.value.errors]


def test_it_imports_a_good_csv(world):
    result = _import(world, _csv("code,name,households\nTDP01,Tổ dân phố số 1,120\n"
                                 "TDP02,Tổ dân phố số 2,\n"))
    assert result.created == 2
    groups = _groups(world.ward)
    assert groups["TDP01"] == ("Tổ dân phố số 1", 120)
    assert groups["TDP02"] == ("Tổ dân phố số 2", None)


def test_it_sets_the_denormalised_links_of_new_groups(world):
    _import(world, _csv("code,name,households\nTDP01,Tổ 1,5\n"))
    group = OrgUnit.objects.get(parent=world.ward, code="TDP01")
    assert (group.province_id, group.commune_id) == (world.province.pk, world.ward.pk)


def test_it_imports_a_good_xlsx_with_vietnamese_headings(world):
    result = _import(world, _xlsx([["Mã", "Tên", "Số hộ"], ["001", "Tổ 1", 85],
                                   [2, "Tổ 2", 90.0]]))
    assert result.created == 2
    assert _groups(world.ward)["001"] == ("Tổ 1", 85)
    assert _groups(world.ward)["2"] == ("Tổ 2", 90)


def test_it_numbers_xlsx_rows_as_excel_does(world):
    upload = _xlsx([[], [], ["code", "name"], ["A", None], [], ["B", "Tổ B"]])
    assert _errors(world, upload) == [(4, "name")]


def test_it_accepts_a_utf8_bom_and_semicolons(world):
    upload = SimpleUploadedFile("g.csv", "\ufeffMã;Tên;Số hộ\nA1;Tổ dân phố 1;10\n".encode())
    _import(world, upload)
    assert _groups(world.ward)["A1"] == ("Tổ dân phố 1", 10)


def test_it_stores_decomposed_vietnamese_composed(world):
    _import(world, _csv("code,name\nA1,Tổ Hoàn Kiếm\n".replace("ổ", "o\u0302\u0309")))
    assert _groups(world.ward)["A1"][0] == "Tổ Hoàn Kiếm"


def test_it_updates_existing_groups_and_leaves_others_alone(world):
    world.group.households = 1
    world.group.save()
    OrgUnit.objects.create(parent=world.ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP,
                           code="KEEP", name="Tổ giữ nguyên", households=7)
    result = _import(world, _csv(f"code,name,households\n{world.group.code},Tên mới,200\n"))
    assert (result.created, result.updated, result.not_in_file) == (0, 1, 1)
    assert _groups(world.ward)[world.group.code] == ("Tên mới", 200)
    assert _groups(world.ward)["KEEP"] == ("Tổ giữ nguyên", 7)


def test_it_records_one_import_audit_entry_with_the_changes(world):
    _import(world, _csv(f"code,name,households\nNEW,Tổ mới,3\n{world.group.code},Đổi,120\n"))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.object_id == str(world.ward.pk)
    assert entry.changes["created_groups"] == {"NEW": ["Tổ mới", 3]}
    assert entry.changes["updated_groups"][world.group.code]["name"][1] == "Đổi"


def test_it_reports_every_broken_row_and_stores_nothing(world):
    text = ("code,name,households\n"
            "A1,Tổ 1,10\n"
            ",Tổ 2,10\n"          # row 3: missing code
            "A1,Tổ 3,-4\n"        # row 4: duplicate code, negative households
            "A5,,12.5\n"          # row 5: missing name, not whole
            f"A6,{'x' * 201},1\n")  # row 6: name too long
    errors = _errors(world, _csv(text))
    assert errors == [(3, "code"), (4, "code"), (4, "households"), (5, "name"),
                      (5, "households"), (6, "name")]
    assert "A1" not in _groups(world.ward)


def test_it_rejects_control_characters_in_a_name(world):
    assert _errors(world, _csv("code,name\nA,T\x00\x07ổ\n")) == [(2, "name")]


def test_it_rejects_an_unreadable_csv(world):
    assert _errors(world, _csv('code,name\n"A' + "x" * 200_000 + ",b\n")) == [(None, "")]


def test_it_reports_missing_and_unknown_columns(world):
    assert _errors(world, _csv("code,ten nhom,ghi chu\nA,B,C\n")) == [
        (1, "ten nhom"), (1, "ghi chu"), (1, "name")]


def test_it_rejects_an_empty_file(world):
    assert _errors(world, _csv("")) == [(None, "")]


def test_it_rejects_a_workbook_of_blank_rows_as_empty(world):
    with pytest.raises(ImportErrors) as refused:
        _import(world, _xlsx([[None, None], ["", "  "]]))
    assert [e.message for e in refused.value.errors] == ["The file is empty."]


def test_it_rejects_a_header_without_rows(world):
    assert _errors(world, _csv("code,name,households\n")) == [(None, "")]


def test_it_rejects_a_file_that_is_neither_csv_nor_xlsx(world):
    with pytest.raises(ImportErrors) as caught:
        _import(world, SimpleUploadedFile("groups.pdf", b"%PDF-1.4 ..."))
    assert "CSV" in caught.value.errors[0].message


def test_it_explains_a_csv_that_is_not_utf8(world):
    with pytest.raises(ImportErrors) as caught:
        # "Đường Láng" as Windows-1258 writes it
        _import(world, SimpleUploadedFile("g.csv", b"code,name\nA,\xd0\xfd\xf5\xccng L\xe1ng\n"))
    assert "UTF-8" in caught.value.errors[0].message


def test_it_rejects_more_than_the_maximum_number_of_rows(world):
    rows = "".join(f"G{n},Tổ {n},1\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(ImportErrors) as caught:
        _import(world, _csv("code,name,households\n" + rows))
    assert str(MAX_ROWS) in caught.value.errors[0].message
    assert _groups(world.ward).keys() == {world.group.code}


def test_it_refuses_a_target_that_is_not_a_commune_level_unit(world):
    with pytest.raises(ImportErrors):
        residential_groups_import(actor=None, ward=world.province,
                                  uploaded_file=_csv("code,name\nA,B\n"))


# --- The page ------------------------------------------------------------------------------


def _url(unit) -> str:
    return reverse("units:groups_import", args=[unit.code])


def test_it_imports_from_the_page_and_redirects_to_the_ward(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_url(world.ward), {"file": _csv("code,name\nZ9,Tổ Z\n")})
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[world.ward.code])
    assert "Z9" in _groups(world.ward)


def test_it_shows_row_errors_and_keeps_the_form(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_url(world.ward), {"file": _csv("code,name,households\nA,,x\n")})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-errors"' in body
    assert "The name is missing." in body
    assert 'type="file"' in body


def test_it_links_to_the_import_page_for_a_ward_officer(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    body = client.get(reverse("units:detail", args=[world.ward.code])).content.decode()
    assert _url(world.ward) in body


def test_it_hides_the_import_link_from_the_city_leader(client, world):
    login(client, world.user(Role.CITY_LEADER))
    body = client.get(reverse("units:detail", args=[world.ward.code])).content.decode()
    assert _url(world.ward) not in body


def test_it_answers_404_for_a_ward_outside_the_users_scope(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(_url(world.other_ward)).status_code == 404


def test_it_answers_403_to_a_city_leader_without_the_right(client, world):
    login(client, world.user(Role.CITY_LEADER))
    assert client.get(_url(world.ward)).status_code == 403


def test_it_answers_404_for_a_province(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    assert client.get(_url(world.province)).status_code == 404


def test_it_serves_a_csv_template_the_importer_accepts(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("units:groups_template_csv"))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    body = response.content + "TDP01,Tổ 1,3\n".encode()
    assert _import(world, SimpleUploadedFile("t.csv", body)).created == 1


def test_it_serves_an_xlsx_template_with_the_headings(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("units:groups_template_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Mẫu nhập danh sách tổ dân phố, thôn"
    assert table(sheet)[0] == ["Mã", "Tên", "Số hộ"]


def test_it_refuses_templates_to_a_user_who_cannot_import(client, world):
    login(client, world.user(Role.CITY_LEADER))
    assert client.get(reverse("units:groups_template_csv")).status_code == 403
