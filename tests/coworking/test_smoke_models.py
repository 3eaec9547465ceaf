from coworking.availability import Calendar

from .conftest import berlin


def test_calendar_counts_free_desks(space, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    calendar = Calendar(space, berlin(2026, 11, 24).date(), days=7)
    cell = calendar.cell(berlin(2026, 11, 24).date(), calendar.slots[0])
    assert cell.free == 4 and cell.bookable
