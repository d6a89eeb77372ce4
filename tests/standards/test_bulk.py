"""Packed term sets and comparing them in bulk: the same counts as rules.summarise, exactly."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards import bulk, rules
from standards.vocabulary import KIND_RULES, Direction, ItemKind, Unit

HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
MONTHLY, HOURLY = Unit.YUAN_PER_MONTH, Unit.YUAN_PER_HOUR
CATEGORIES = [None, "厨师", "服务员", "钟点工"]

# Figures as stored: up to four places, at most NUMERIC(14, 4).
figures = st.decimals(min_value=0, max_value=Decimal("9999999999.9999"), places=4)
near = st.sampled_from([Decimal("2300"), Decimal("2300.0001"), Decimal("2299.9999"), Decimal(0)])


@st.composite
def key(draw: st.DrawFn) -> bulk.TermKey:
    kind = draw(st.sampled_from(list(ItemKind)))
    unit = draw(st.sampled_from([*sorted(KIND_RULES[kind].units), HOURLY, MONTHLY]))
    return kind, draw(st.sampled_from(CATEGORIES)), unit


@st.composite
def standard(draw: st.DrawFn) -> rules.PreparedStandard:
    keys = draw(st.lists(key(), max_size=8, unique_by=lambda k: (k[0], k[1])))
    return rules.PreparedStandard.from_items(
        rules.StandardTerm(kind, category, draw(st.one_of(near, figures)), unit, direction)
        for kind, category, unit in keys
        for direction in [draw(st.sampled_from([HIGHER, LOWER]))]
    )


def summarised_one_by_one(keys, rows, prepared):
    return [
        rules.summarise(
            [rules.Term(k, c, v, u) for (k, c, u), v in zip(keys, values, strict=True)], prepared
        )
        for values in rows
    ]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_bulk_counts_are_exactly_what_summarise_counts(data):
    prepared = data.draw(standard())
    # Terms may repeat a key, name categories the standard lacks, or cover every category.
    keys = data.draw(st.lists(key(), max_size=8))
    # Figures near the standard's own (and its × 174 and ÷ 174), where verdicts turn.
    pivots = [item.value for item in prepared.items]
    pivots += [rules.hourly_to_monthly(v) for v in pivots]
    pivots += [(v / 174).quantize(Decimal("0.0001")) for v in pivots[: len(prepared.items)]]
    value = (
        st.one_of(figures, near, *(st.just(p) for p in pivots if p <= 10**10))
        if pivots
        else figures
    )
    rows = data.draw(st.lists(st.lists(value, min_size=len(keys), max_size=len(keys)), max_size=6))
    plan = bulk.plan_layout(keys, prepared)
    packed = [bulk.pack_amounts(values) for values in rows]
    assert bulk.summarise_packed(plan, packed) == summarised_one_by_one(keys, rows, prepared)


def test_a_monthly_term_against_an_hourly_item_meets_at_174_hours():
    prepared = rules.PreparedStandard.from_items(
        [rules.StandardTerm(ItemKind.HOURLY_RATE, None, Decimal("23.5"), HOURLY, HIGHER)]
    )
    keys = [(ItemKind.HOURLY_RATE, None, MONTHLY)]
    plan = bulk.plan_layout(keys, prepared)
    rows = [[Decimal("4089")], [Decimal("4088.9999")], [Decimal("4089.0001")]]
    counts = bulk.summarise_packed(plan, [bulk.pack_amounts(r) for r in rows])
    assert counts == [(0, 1, 0, 0), (1, 0, 0, 0), (0, 0, 1, 0)]


def test_a_layout_that_answers_nothing_lacks_every_item():
    prepared = rules.PreparedStandard.from_items(
        [
            rules.StandardTerm(ItemKind.ANNUAL_RISE, None, Decimal(9), Unit.PERCENT, HIGHER),
            rules.StandardTerm(
                ItemKind.WEEKLY_HOURS, None, Decimal(40), Unit.HOURS_PER_WEEK, LOWER
            ),
        ]
    )
    plan = bulk.plan_layout([(ItemKind.ALLOWANCE, "厨师", MONTHLY)], prepared)
    assert bulk.summarise_packed(plan, [bulk.pack_amounts([Decimal(300)])]) == [(0, 0, 0, 2)]
    assert bulk.summarise_packed(plan, []) == []


@given(st.lists(st.tuples(key(), figures), max_size=10))
def test_packing_round_trips(pairs):
    terms = [rules.Term(k, c, v, u) for (k, c, u), v in pairs]
    layout, amounts = bulk.pack_terms(terms)
    assert bulk.unpack_terms(layout, amounts) == terms
    assert len(amounts) == 8 * len(terms)


def test_a_layout_is_known_by_its_digest():
    one = bulk.layout_text([(ItemKind.MONTHLY_PAY_FLOOR, "厨师", MONTHLY)])
    other = bulk.layout_text([(ItemKind.MONTHLY_PAY_FLOOR, "厨 师", MONTHLY)])
    assert one == "monthly_pay_floor\t元/月\t厨师"
    assert bulk.layout_digest(one) != bulk.layout_digest(other)
    assert len(bulk.layout_digest(one)) == 64


@pytest.mark.parametrize("category", ["厨\t师", "厨师\n"])
def test_a_category_with_a_tab_or_line_break_cannot_be_packed(category):
    with pytest.raises(bulk.PackingError, match="tab or a line break"):
        bulk.layout_text([(ItemKind.MONTHLY_PAY_FLOOR, category, MONTHLY)])


def test_a_fifth_decimal_place_cannot_be_packed():
    with pytest.raises(bulk.PackingError, match="more than 4 decimal places"):
        bulk.pack_amounts([Decimal("1.00001")])


def test_figures_that_do_not_fill_the_layout_are_refused():
    plan = bulk.plan_layout(
        [(ItemKind.ANNUAL_RISE, None, Unit.PERCENT)] * 2, rules.PreparedStandard.from_items([])
    )
    with pytest.raises(bulk.PackingError):
        bulk.summarise_packed(plan, [bulk.pack_amounts([Decimal(1)])])
