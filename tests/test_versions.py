import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.version import Version

from comparisons.versions import parse_version, validate_version, version_sort_key

# (older, newer): the key must order them like PEP 440 does.
ORDERED = [
    ("0.99.1", "0.115.12"),
    ("5.2", "5.10"),
    ("5.2", "5.2.1"),
    ("1.9.9.9", "2"),
    ("2025.1", "1!0.1"),
    ("1.0.dev1", "1.0a1"),
    ("1.0a1", "1.0a2"),
    ("1.0a2", "1.0b1"),
    ("1.0b1", "1.0rc1"),
    ("1.0rc1", "1.0"),
    ("1.0", "1.0.post1"),
    ("1.0", "1.0.post0"),
    ("1.0.dev0", "1.0a0"),
    ("1.0a1.dev1", "1.0a1"),
    ("1.0a1", "1.0a1.post1"),
    ("1.0.post1.dev1", "1.0.post1"),
    ("1.0", "1.0.post1.dev1"),
    ("1.0.post1", "1.0.1.dev1"),
    ("20241231", "20251125"),
]

EQUAL = [
    ("5.2", "5.2.0"),
    ("1", "1.0.0.0"),
    ("1.0RC1", "1.0rc1"),
    ("1.0c1", "1.0rc1"),
    ("1.0alpha1", "1.0a1"),
    ("1.0-1", "1.0.post1"),
    ("v1.0", "1.0"),
    ("0!1.0", "1.0"),
]


@pytest.mark.parametrize(("older", "newer"), ORDERED, ids=[f"{a}<{b}" for a, b in ORDERED])
def test_sort_key_orders_like_pep_440(older, newer):
    assert version_sort_key(older) < version_sort_key(newer)


@pytest.mark.parametrize(("one", "other"), EQUAL, ids=[f"{a}=={b}" for a, b in EQUAL])
def test_sort_key_is_equal_for_equal_versions(one, other):
    assert version_sort_key(one) == version_sort_key(other)


def test_sort_key_sorts_a_release_series():
    series = ["1.0.dev0", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.10"]
    scrambled = [series[i] for i in (4, 7, 0, 5, 2, 6, 1, 3)]
    assert sorted(scrambled, key=version_sort_key) == series


INVALID = ["", "five", "5.2-final-final", "1.0.0-beta+", "1..2", "latest"]


@pytest.mark.parametrize("text", INVALID)
def test_parse_version_rejects_invalid_text(text):
    with pytest.raises(ValidationError) as raised:
        parse_version(text)
    assert raised.value.code == "invalid_version"


@pytest.mark.parametrize("text", INVALID)
def test_validate_version_rejects_invalid_text(text):
    with pytest.raises(ValidationError):
        validate_version(text)


@pytest.mark.parametrize("text", INVALID)
def test_sort_key_rejects_invalid_text(text):
    with pytest.raises(ValidationError):
        version_sort_key(text)


def test_sort_key_rejects_parts_too_large_to_pad():
    with pytest.raises(ValidationError) as raised:
        version_sort_key("1000000000.0")
    assert raised.value.code == "version_too_large"


def test_parse_version_returns_the_parsed_version():
    assert parse_version("5.2rc1") == Version("5.2rc1")


# Small numbers make equal parts common; large ones exercise the padding.
numbers = st.integers(0, 3) | st.integers(0, 10**6)
PARTS = {
    "epoch": st.integers(0, 2),
    "release": st.lists(numbers, min_size=1, max_size=4),
    "pre": st.none() | st.tuples(st.sampled_from(["a", "b", "rc"]), numbers),
    "post": st.none() | numbers,
    "dev": st.none() | numbers,
}


def as_text(epoch, release, pre, post, dev):
    text = f"{epoch}!" if epoch else ""
    text += ".".join(map(str, release))
    text += f"{pre[0]}{pre[1]}" if pre else ""
    text += f".post{post}" if post is not None else ""
    text += f".dev{dev}" if dev is not None else ""
    return text


@st.composite
def version_pairs(draw):
    """Two versions; the second shares each part of the first half of the time, so ties
    on the left and differences further right are common."""
    one = {name: draw(strategy) for name, strategy in PARTS.items()}
    other = {name: one[name] if draw(st.booleans()) else draw(s) for name, s in PARTS.items()}
    return as_text(**one), as_text(**other)


@settings(max_examples=300, deadline=None)  # a loaded machine can pause any example
@given(version_pairs())
def test_sort_key_agrees_with_packaging(pair):
    one, other = pair
    assert (version_sort_key(one) < version_sort_key(other)) == (Version(one) < Version(other))
    assert (version_sort_key(one) == version_sort_key(other)) == (Version(one) == Version(other))
