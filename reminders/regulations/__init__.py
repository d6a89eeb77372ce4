"""The jurisdiction profiles as their regulations set them: the national default, then one module
per region with its own text, each period with the article and the phrase it is read from."""

from __future__ import annotations

from reminders.profiles import Profile
from reminders.regulations.beijing import BEIJING
from reminders.regulations.chongqing import CHONGQING
from reminders.regulations.henan import HENAN
from reminders.regulations.national import NATIONAL
from reminders.regulations.shanghai import SHANGHAI
from reminders.regulations.zhejiang import ZHEJIANG

PROFILES: tuple[Profile, ...] = (NATIONAL, BEIJING, SHANGHAI, ZHEJIANG, CHONGQING, HENAN)

__all__ = ["BEIJING", "CHONGQING", "HENAN", "NATIONAL", "PROFILES", "SHANGHAI", "ZHEJIANG"]
