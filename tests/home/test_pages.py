import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/about/", "/contact/"])
def test_demo_page_tree_renders(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
