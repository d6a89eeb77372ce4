"""What every template may use: labels for enums, the language switch, navigation by role."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, request, url_for
from flask_babel import format_datetime, get_timezone, get_translations, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_context
from jinja2.filters import do_urlencode
from jinja2.runtime import Context
from markupsafe import Markup, escape

from accounts.i18n import selected_language
from accounts.labels import ROLE_LABELS
from accounts.models import Role
from bargaining.labels import (
    SETTLEMENT_LABELS,
    SIDE_LABELS,
    STATUS_LABELS,
    STATUS_STYLES,
    TOPIC_LABELS,
)
from bargaining.models import Side
from bargaining.permissions import SIDE_ROLES
from db import local_today
from organizations.labels import KIND_LABELS, KIND_PLURALS, POSITION_LABELS
from organizations.models import OrgKind
from standards.labels import KIND_LABELS as STANDARD_KIND_LABELS
from standards.labels import PHASE_LABELS, PHASE_STYLES, VERDICT_LABELS, VERDICT_STYLES
from standards.services import figure, phase, shortfall


@dataclass(frozen=True)
class NavItem:
    label: Any
    endpoint: str
    args: dict[str, str]
    children: tuple[NavItem, ...] = ()

    @property
    def url(self) -> str:
        return _nav_url(request.script_root, self.endpoint, tuple(sorted(self.args.items())))

    @property
    def active(self) -> bool:
        if self.children:
            return any(child.active for child in self.children)
        if request.endpoint != self.endpoint:
            return False
        return all(
            request.args.get(k, v if k != "kind" else "enterprise") == v
            for k, v in self.args.items()
        )


@functools.lru_cache(maxsize=256)
def _nav_url(script_root: str, endpoint: str, args: tuple[tuple[str, str], ...]) -> str:
    """A navigation link: the same few paths on every page, built once per process."""
    values: dict[str, Any] = dict(args)
    return url_for(endpoint, **values)


def _org_list(kind: OrgKind) -> NavItem:
    return NavItem(KIND_PLURALS[kind], "organizations.index", {"kind": kind.value})


# Which lists each role's navigation shows, in the order its work needs them.
NAV_BY_ROLE: dict[Role, tuple[OrgKind, ...]] = {
    Role.ADMIN: (
        OrgKind.FEDERATION,
        OrgKind.ASSOCIATION,
        OrgKind.ENTERPRISE,
        OrgKind.UNION,
        OrgKind.BUREAU,
        OrgKind.SUPERIOR_UNION,
    ),
    Role.FEDERATION_CHAIR: (OrgKind.ENTERPRISE, OrgKind.UNION, OrgKind.ASSOCIATION),
    Role.FEDERATION_STAFF: (OrgKind.ENTERPRISE, OrgKind.UNION, OrgKind.ASSOCIATION),
    Role.ASSOCIATION_REP: (OrgKind.FEDERATION, OrgKind.ENTERPRISE),
    Role.UNION_CHAIR: (OrgKind.FEDERATION,),
    Role.ENTERPRISE_MANAGER: (OrgKind.FEDERATION,),
    Role.BUREAU_REVIEWER: (OrgKind.ENTERPRISE, OrgKind.FEDERATION),
}


NEGOTIATING_ROLES = SIDE_ROLES[Side.UNION] | SIDE_ROLES[Side.EMPLOYER]


def navigation() -> list[NavItem]:
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return []
    items = [NavItem(_l("Home"), "organizations.home", {})]
    lists = [_org_list(kind) for kind in NAV_BY_ROLE[user.role]]
    # More than three lists go under one menu, so the bar stays one line on a laptop.
    if len(lists) > 3:
        lists = [NavItem(_l("Organisations"), "organizations.index", {}, tuple(lists))]
    items += lists
    if user.is_admin or user.role in NEGOTIATING_ROLES:
        items.append(NavItem(_l("Negotiations"), "bargaining.index", {}))
        items.append(NavItem(_l("Agreements"), "contracts.index", {}))
    items.append(NavItem(_l("Deadlines"), "reminders.index", {}))
    items.append(NavItem(_l("Sector standards"), "standards.index", {}))
    items.append(
        NavItem(
            _l("Reference figures"),
            "reference.minimum_wages",
            {},
            (
                NavItem(_l("Minimum wages"), "reference.minimum_wages", {}),
                NavItem(_l("Wage guidelines"), "reference.wage_guidelines", {}),
                *(
                    (
                        NavItem(_l("Jurisdiction profiles"), "reminders.periods", {}),
                        NavItem(_l("Holiday calendar"), "reminders.holidays", {}),
                        NavItem(_l("Reminders not delivered"), "reminders.deliveries", {}),
                    )
                    if user.is_admin
                    else ()
                ),
            ),
        )
    )
    if user.is_admin:
        items.append(
            NavItem(
                _l("Accounts"),
                "accounts.users",
                {},
                (
                    NavItem(_l("Accounts"), "accounts.users", {}),
                    NavItem(_l("Audit trail"), "accounts.audit_trail", {}),
                ),
            )
        )
    return items


@pass_context
def _gettext(context: Context, string: str) -> str:
    """Templates translate through the catalogue the context processor looked up once, rather
    than finding the request's locale and catalogue again for every string."""
    translations: NullTranslations = context.get("translations") or get_translations()
    return translations.ugettext(string)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    translations: NullTranslations = context.get("translations") or get_translations()
    return translations.ungettext(singular, plural, n)


# Jinja's newstyle `_` goes through three calls with the context (its `_` alias, its newstyle
# wrapper, then the function above) for every string of every page; these do the same in one:
# the translation, made Markup when autoescaping, always formatted with the variables given.
@pass_context
def _translate(__context: Context, __string: str, **variables: Any) -> str:
    text: str = _gettext(__context, __string)
    if __context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def _translate_plural(
    __context: Context, __singular: str, __plural: str, __num: int, **variables: Any
) -> str:
    variables.setdefault("num", __num)
    text: str = _ngettext(__context, __singular, __plural, __num)
    if __context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


# Babel date patterns that strftime writes the same (numbers only, no names of months or days).
NUMERIC_DATETIME_PATTERNS = {
    "yyyy-MM-dd HH:mm": "%Y-%m-%d %H:%M",
    "yyyy-MM-dd HH:mm:ss": "%Y-%m-%d %H:%M:%S",
    "yyyy-MM-dd": "%Y-%m-%d",
}


@pass_context
def datetimeformat(context: Context, value: datetime | None, format: str | None = None) -> str:
    """flask_babel's `datetimeformat` filter, in the reader's time zone as before; a numeric
    pattern is written by strftime (Babel's pattern formatter costs a tenth of a millisecond a
    call, and a list of two hundred reminders calls it two hundred times), in the zone the
    context processor looked up once a page."""
    if value is not None and format in NUMERIC_DATETIME_PATTERNS:
        zone = context.get("timezone")
        if zone is None:
            return to_user_timezone(value).strftime(NUMERIC_DATETIME_PATTERNS[format])
        if value.tzinfo is None:  # stored UTC
            value = value.replace(tzinfo=UTC)
        return zone.normalize(value.astimezone(zone)).strftime(NUMERIC_DATETIME_PATTERNS[format])
    return str(format_datetime(value, format))


def urlencode(value: Any) -> str:
    """Jinja's `urlencode` filter, a text's quoting kept per process: the version page quotes
    each of an agreement's five hundred article labels (第十二条) for its comment links."""
    if type(value) is str:
        return _quoted(value)
    return do_urlencode(value)


@functools.lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return do_urlencode(text)


MONEY_UNITS = frozenset({"元/月", "元/小时", "元/件"})


def standard_value(value: Decimal, unit: object) -> str:
    """A standard's figure as people write it: money with thousands separators and its stored
    decimals (at least two), anything else without trailing zeros."""
    if str(unit) in MONEY_UNITS or getattr(unit, "value", None) in MONEY_UNITS:
        return figure(value)
    return f"{value.normalize():f}"


def signed_value(value: Decimal, unit: object) -> str:
    """A difference with its sign: +100.00, −50.00 (a true minus sign), 0."""
    shown = standard_value(abs(value), unit)
    return shown if value == 0 else ("+" if value > 0 else "\u2212") + shown


def percent_change(value: Decimal | None, gap: Decimal | None, *, minus: str = "-") -> str:
    """A gap in percent with its sign; a gap too small to show at 0.1 % says so, never '-0.0%'.
    *minus* signs a fall: "−" (a true minus sign) beside figures that use one (signed_value)."""
    if value is None or gap is None:
        return ""
    if value == 0 and gap != 0:
        return "(<0.1%)" if gap > 0 else f"(>{minus}0.1%)"
    sign = "+" if value > 0 else minus if value < 0 else ""
    return f"({sign}{abs(value)}%)"


def init_templating(app: Flask) -> None:
    # (a method the i18n extension adds to the environment when it is loaded)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    app.jinja_env.globals.update(_=_translate, gettext=_translate, ngettext=_translate_plural)
    app.jinja_env.globals.update(
        KIND_LABELS=KIND_LABELS,
        KIND_PLURALS=KIND_PLURALS,
        ROLE_LABELS=ROLE_LABELS,
        POSITION_LABELS=POSITION_LABELS,
        OrgKind=OrgKind,
        STANDARD_KIND_LABELS=STANDARD_KIND_LABELS,
        VERDICT_LABELS=VERDICT_LABELS,
        VERDICT_STYLES=VERDICT_STYLES,
        BARGAINING_SIDES=SIDE_LABELS,
        BARGAINING_TOPICS=TOPIC_LABELS,
        SETTLEMENT_LABELS=SETTLEMENT_LABELS,
    )
    app.jinja_env.filters["signed_value"] = signed_value
    app.jinja_env.filters["datetimeformat"] = datetimeformat  # replaces flask_babel's
    app.jinja_env.filters["standard_value"] = standard_value
    app.jinja_env.globals["percent_change"] = percent_change
    app.jinja_env.filters["shortfall"] = shortfall
    app.jinja_env.filters["urlencode"] = urlencode

    @app.template_global()
    def standard_phase(standard: Any) -> Markup:
        """A standard's badge for today: not yet in force, in force, ended or replaced."""
        current = phase(standard, local_today())
        label = escape(str(PHASE_LABELS[current.value]))
        return Markup(f'<span class="badge text-bg-{PHASE_STYLES[current.value]}">{label}</span>')

    @app.template_global()
    def negotiation_status(negotiation: Any) -> Markup:
        label = escape(str(STATUS_LABELS[negotiation.status]))
        style = STATUS_STYLES[negotiation.status]
        return Markup(f'<span class="badge text-bg-{style} align-middle fs-6">{label}</span>')

    @app.context_processor
    def common() -> dict[str, Any]:
        locale = selected_language()
        return {
            "navigation": navigation,
            "current_language": locale,
            "html_lang": "zh-CN" if locale == "zh_CN" else locale,
            "languages": current_app.config["LANGUAGES"],
            "translations": get_translations(),
            "timezone": get_timezone(),
        }
