"""Aggregates computed in the database, and the rule that hides any figure about fewer than five organizations."""

from django.db import connection
from django.db.models import Count, F

MIN_ORGANIZATIONS = 5
PROBABILITIES = (0.1, 0.25, 0.5, 0.75, 0.9)


def shown(n, value=None):
    """`value` (or `n` itself) when at least five organizations are behind it, else None: shown as "<5"."""
    if n is None or n < MIN_ORGANIZATIONS:
        return None
    return n if value is None else value


def quantiles(queryset, group, value, probabilities=PROBABILITIES, ndigits=1):
    """{group: (n, [value at each probability])} over `queryset`, in one query on SQLite and PostgreSQL.

    The rows are counted per (group, value) first, then running totals (a window function) find, for
    each probability p, the smallest value with at least p × n rows at or below it (nearest rank).
    Groups of fewer than five rows come back with no quantiles. Values are rounded to `ndigits` (None: as stored).
    """
    grouped = queryset.values(g=F(group), v=F(value)).annotate(n=Count("pk")).order_by()
    inner_sql, inner_params = grouped.query.sql_with_params()
    picks = ", ".join("MIN(CASE WHEN cum >= %s * total THEN v END)" for _ in probabilities)
    # Only placeholders and the ORM's own SQL are put together here; every value is a parameter.
    sql = (
        f"SELECT g, MAX(total), {picks} FROM ("  # noqa: S608
        " SELECT g, v, SUM(n) OVER (PARTITION BY g ORDER BY v ROWS UNBOUNDED PRECEDING) AS cum,"
        " SUM(n) OVER (PARTITION BY g) AS total"
        f" FROM ({inner_sql}) grouped) running GROUP BY g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*probabilities, *inner_params])
        rows = cursor.fetchall()
    result = {}
    for g, total, *values in rows:
        n = int(total)
        result[g] = (
            n,
            [float(v) if ndigits is None else round(float(v), ndigits) for v in values] if shown(n) else None,
        )
    return result
