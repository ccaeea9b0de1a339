"""GB 11643 resident IDs and GB 32100 unified social credit codes (stable entry points, docs/architecture.md
§10)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from awards.validators import (
    CREDIT_CODE_CHARSET,
    PROVINCE_CODES,
    credit_code_check_char,
    validate_credit_code,
    validate_resident_id,
)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_digit_by_hand(first17: str) -> str:
    """Independent GB 11643 computation (ISO 7064 MOD 11-2), not the module's helper."""
    s = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return "10X98765432"[s % 11]


def messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


# --- resident ID ----------------------------------------------------------------------------------------------

# Worked by hand: 31010419850615001 → Σ = 3·7+1·9+0·10+1·5+0·8+4·4+1·2+9·1+8·6+5·3+0·7+6·9+1·10+5·5+0·8+0·4+1·2
# = 21+9+0+5+0+16+2+9+48+15+0+54+10+25+0+0+2 = 216, 216 mod 11 = 7 → "5".
HAND_VECTOR = "310104198506150015"


def test_hand_computed_check_digit_matches_the_vector():
    assert sum(int(c) * w for c, w in zip(HAND_VECTOR[:17], WEIGHTS, strict=True)) == 216
    assert check_digit_by_hand(HAND_VECTOR[:17]) == "5"


@pytest.mark.parametrize(
    "first17",
    ["31010419850615001", "11010119900307123", "44030519791231888", "65010220000229456", "32058219680101002"],
)
def test_resident_id_with_the_computed_check_digit_is_accepted(first17):
    validate_resident_id(first17 + check_digit_by_hand(first17))


def test_the_hand_vector_validates():
    validate_resident_id(HAND_VECTOR)


def test_a_check_digit_of_x_is_accepted():
    first17 = next(
        f"3101041985061500{i}" for i in range(10) if check_digit_by_hand(f"3101041985061500{i}") == "X"
    )
    validate_resident_id(first17 + "X")


def test_lowercase_x_is_accepted_as_the_check_character():
    """Decision (docs/decisions.md): people type a lowercase x; it is the same character as X."""
    first17 = next(
        f"3101041985061500{i}" for i in range(10) if check_digit_by_hand(f"3101041985061500{i}") == "X"
    )
    validate_resident_id(first17 + "x")


def test_wrong_check_digit_is_refused_and_the_message_names_the_expected_digit():
    wrong = HAND_VECTOR[:17] + "6"
    with pytest.raises(ValidationError) as e:
        validate_resident_id(wrong)
    assert e.value.code == "resident_id_checksum"
    assert "应为 5" in messages(e)


def test_impossible_birth_date_19990230_is_refused():
    first17 = "31010419990230001"
    with pytest.raises(ValidationError) as e:
        validate_resident_id(first17 + check_digit_by_hand(first17))
    assert e.value.code == "resident_id_birth"
    assert "19990230" in messages(e)


def test_birth_date_in_the_future_is_refused():
    future = datetime.date.today() + datetime.timedelta(days=400)
    first17 = f"310104{future:%Y%m%d}001"
    with pytest.raises(ValidationError) as e:
        validate_resident_id(first17 + check_digit_by_hand(first17))
    assert e.value.code == "resident_id_birth"
    assert "不合理" in messages(e)


def test_unknown_province_code_is_refused():
    first17 = "00010419850615001"
    with pytest.raises(ValidationError) as e:
        validate_resident_id(first17 + check_digit_by_hand(first17))
    assert e.value.code == "resident_id_region"


def test_seventeen_characters_are_refused_as_a_format_error():
    with pytest.raises(ValidationError) as e:
        validate_resident_id(HAND_VECTOR[:17])
    assert e.value.code == "resident_id_format"
    assert "18位" in messages(e)


def test_non_ascii_digits_are_refused():
    """Python's \\d matches any Unicode decimal digit; an ID of Arabic-Indic or full-width digits is not an ID."""
    for fake in ("３１０１０４１９８５０６１５００１５", "٣١٠١٠٤١٩٨٥٠٦١٥٠٠١٥"):
        with pytest.raises(ValidationError) as e:
            validate_resident_id(fake)
        assert e.value.code == "resident_id_format"


def test_letters_inside_the_first_seventeen_are_refused():
    with pytest.raises(ValidationError) as e:
        validate_resident_id("3101041985O6150015")
    assert e.value.code == "resident_id_format"


def digits(n: int):
    """n ASCII digits (a resident ID has only 0-9; other Unicode digits are refused, see below)."""
    return st.text(st.sampled_from("0123456789"), min_size=n, max_size=n)


@st.composite
def valid_first17(draw):
    region = draw(st.sampled_from(sorted(PROVINCE_CODES))) + draw(digits(4))
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()))
    seq = draw(digits(3))
    return f"{region}{birth:%Y%m%d}{seq}"


@given(valid_first17())
def test_any_valid_date_and_region_with_the_computed_check_digit_validates(first17):
    validate_resident_id(first17 + check_digit_by_hand(first17))


@given(valid_first17(), st.sampled_from("0123456789X"))
def test_changing_the_check_character_always_fails(first17, other):
    right = check_digit_by_hand(first17)
    if other == right:
        other = "0" if right != "0" else "1"
    with pytest.raises(ValidationError) as e:
        validate_resident_id(first17 + other)
    assert e.value.code == "resident_id_checksum"


# --- unified social credit code -------------------------------------------------------------------------------

CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_check_by_hand(first17: str) -> str:
    s = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - s % 31) % 31]


def test_credit_code_charset_is_0_9_and_a_h_j_n_p_q_r_t_u_w_x_y():
    assert CREDIT_CODE_CHARSET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert len(CREDIT_CODE_CHARSET) == 31


def test_a_published_style_credit_code_with_the_right_check_character_validates():
    first17 = "91310000MA1FL3UX6"
    code = first17 + credit_check_by_hand(first17)
    validate_credit_code(code)
    assert credit_code_check_char(first17) == credit_check_by_hand(first17)


def test_a_hand_worked_credit_code_validates():
    # Σ(charset index · weight) over 91310115MA1H7GFJ0 = 2279; 2279 mod 31 = 16; 31 − 16 = 15 → "F".
    first17 = "91310115MA1H7GFJ0"
    assert credit_check_by_hand(first17) == "F"
    validate_credit_code(first17 + "F")


def test_wrong_credit_check_character_is_refused_with_the_expected_one():
    first17 = "91310000MA1FL3UX6"
    right = credit_check_by_hand(first17)
    wrong = next(c for c in CREDIT_CODE_CHARSET if c != right)
    with pytest.raises(ValidationError) as e:
        validate_credit_code(first17 + wrong)
    assert e.value.code == "credit_code_checksum"
    assert f"应为 {right}" in messages(e)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_gb32100_charset_are_refused(letter):
    code = "91310000MA1FL3UX6" + "0"
    code = code[:9] + letter + code[10:]
    with pytest.raises(ValidationError) as e:
        validate_credit_code(code)
    assert e.value.code == "credit_code_charset"
    assert letter in messages(e)


def test_credit_code_of_seventeen_characters_is_refused():
    with pytest.raises(ValidationError) as e:
        validate_credit_code("91310000MA1FL3UX6")
    assert e.value.code == "credit_code_length"


def test_the_embedded_organisation_code_check_digit_is_not_enforced():
    """Decision: only the 18th character is checked. Characters 9–17 hold the GB 11714 organisation code whose
    own check digit (the 17th) is deliberately wrong here; the code still validates."""
    org_body = "12345678"  # GB 11714 check digit of 12345678 is 8 (weights 3,7,9,10,5,8,4,2); we put 0
    first17 = "91310000" + org_body + "0"
    validate_credit_code(first17 + credit_check_by_hand(first17))


def test_lowercase_credit_code_is_normalised_to_uppercase():
    first17 = "91310000MA1FL3UX6"
    validate_credit_code((first17 + credit_check_by_hand(first17)).lower())


@given(st.text(alphabet=CREDIT_CODE_CHARSET, min_size=17, max_size=17))
def test_any_seventeen_charset_characters_with_the_computed_check_character_validate(first17):
    validate_credit_code(first17 + credit_check_by_hand(first17))
