"""Working-day calendar (工作日): chinesecalendar with 调休, the office's overrides win, unknown years warned."""

import datetime

import pytest

from workflow.calendar import is_working_day, publicity_end, unofficial_years, working_days_between
from workflow.models import CalendarOverride

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("day", [D(2025, 1, 26), D(2025, 2, 8), D(2025, 9, 28), D(2025, 10, 11)])
def test_adjusted_weekend_days_of_2025_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day) is True


@pytest.mark.parametrize("day", [D(2025, 1, 28), D(2025, 2, 4), D(2025, 10, 1), D(2025, 10, 8)])
def test_spring_festival_and_national_day_weekdays_are_holidays(day):
    assert day.weekday() < 5
    assert is_working_day(day) is False


def test_publicity_across_spring_festival_2025_counts_the_working_sunday():
    # Fri 24 Jan, Sun 26 Jan (调休), Mon 27 Jan, then 28 Jan–4 Feb off, Wed 5 Feb, Thu 6 Feb
    assert publicity_end(D(2025, 1, 24), 5) == D(2025, 2, 6)


def test_publicity_across_national_day_2025_counts_the_working_sunday_and_skips_the_holiday():
    # Fri 26 Sep, Sun 28 Sep (调休), Mon 29, Tue 30, then 1–8 Oct off, Thu 9 Oct
    assert publicity_end(D(2025, 9, 26), 5) == D(2025, 10, 9)


def test_a_start_on_a_holiday_is_not_counted_and_the_working_saturday_is():
    # 1–8 Oct off; Thu 9, Fri 10, Sat 11 (调休), Mon 13, Tue 14
    assert publicity_end(D(2025, 10, 1), 5) == D(2025, 10, 14)
    assert working_days_between(D(2025, 10, 1), D(2025, 10, 14)) == 5


def test_an_ordinary_week_is_five_working_days_from_monday_to_friday():
    assert publicity_end(D(2025, 6, 9), 5) == D(2025, 6, 13)


def test_seven_working_days_from_a_campaign_setting():
    assert publicity_end(D(2025, 6, 9), 7) == D(2025, 6, 17)


def test_an_office_override_wins_over_the_package():
    CalendarOverride.objects.create(date=D(2025, 6, 11), is_working_day=False, note="临时调整")
    assert is_working_day(D(2025, 6, 11)) is False
    assert publicity_end(D(2025, 6, 9), 5) == D(2025, 6, 16)


def test_a_year_without_official_data_and_without_overrides_is_reported():
    assert unofficial_years(D(2099, 12, 28), D(2100, 1, 5)) == [2099, 2100]


def test_a_year_with_official_data_is_not_reported():
    assert unofficial_years(D(2025, 1, 1), D(2025, 12, 31)) == []


def test_a_year_the_office_has_entered_overrides_for_is_not_reported():
    CalendarOverride.objects.create(date=D(2099, 1, 1), is_working_day=False, note="元旦")
    assert unofficial_years(D(2099, 1, 1), D(2099, 1, 10)) == []


def test_zero_working_days_is_rejected():
    with pytest.raises(ValueError):
        publicity_end(D(2025, 6, 9), 0)


def test_the_publicity_preview_warns_about_a_year_without_official_data():
    from tests.workflow.builders import campaign_in
    from workflow.services.publicity import publicity_preview

    campaign = campaign_in("composite", publicity_working_days=5)
    assert publicity_preview(campaign=campaign, starts_on=D(2025, 9, 26)) == (D(2025, 10, 9), [])
    ends_on, years = publicity_preview(campaign=campaign, starts_on=D(2099, 12, 28))
    assert years == [2099, 2100] and ends_on == D(2100, 1, 1)
