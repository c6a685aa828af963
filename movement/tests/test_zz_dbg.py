import io, pytest
from movement.tests.test_results_io import *  # noqa
def test_dbg(world, group_set, second_group, officer, client):
    (first,) = _register(group_set, world.ward, world.group)
    login(client, officer)
    exported = client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR]))
    print(table(load_workbook(io.BytesIO(exported.content)).active))
    with pytest.raises(ImportErrors) as c:
        _import(world, officer, SimpleUploadedFile("x.xlsx", exported.content))
    print(c.value.errors)
