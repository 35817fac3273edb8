"""Property tests: whatever arrives, a clear refusal and no row changed, never a server error."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commerce.cart.models import CartLine
from livechat import frames

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


@given(st.one_of(st.text(max_size=200), json_values.map(json.dumps)))
def test_a_chat_frame_is_either_refused_or_plain_and_shallow(text):
    try:
        content = frames.parse(text, None)
    except frames.BadFrame:
        return
    assert isinstance(content, dict)
    assert isinstance(content["type"], str)
    assert depth(content) <= frames.MAX_DEPTH
    assert "\x00" not in json.dumps(content, ensure_ascii=False)


@given(st.binary(max_size=64))
def test_a_binary_chat_frame_is_always_refused(data):
    with pytest.raises(frames.BadFrame):
        frames.parse(None, data)


@given(json_values)
def test_an_id_is_a_whole_number_in_range_or_nothing(value):
    result = frames.identifier(value)
    if result is not None:
        assert type(result) is int
        assert 1 <= result <= frames.MAX_ID


quantities = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=20),
    st.sampled_from(["", "1e3", "0x10", "NaN", "inf", "1.5", " 2 ", "99999999999999999999999"]),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quantity=quantities)
def test_adding_any_quantity_to_the_cart_is_refused_or_within_stock(make_product, quantity):
    variant = make_product(variants=[("", "5.00", 7)]).variants.get()
    client = Client(raise_request_exception=False)
    response = client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})
    assert response.status_code < 500
    for line in CartLine.objects.filter(variant=variant):
        assert 1 <= line.quantity <= 7
