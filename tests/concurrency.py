import os
import threading

from django.db import connection


def at_the_same_moment(*calls):
    """Run each call in its own thread, released together by a barrier; returns each call's result, or the
    exception it raised, in the order given. Each thread closes its own database connection."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the caller asserts on what happened
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def drop_booking_constraints_if_asked():
    """Drops the constraints that decide a booking race when COWORKING_DROP_CONSTRAINTS=1 (a demonstration run
    only: they stay dropped in this test database for the rest of the run). True when dropped."""
    if os.environ.get("COWORKING_DROP_CONSTRAINTS") != "1":
        return False
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS coworking_occupancy_one_booking_per_place")
        cursor.execute(
            "ALTER TABLE coworking_occupancy DROP CONSTRAINT IF EXISTS coworking_occupancy_no_overlap_per_place"
        )
    return True
