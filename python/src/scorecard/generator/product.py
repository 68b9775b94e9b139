"""Product tables besides events: ``product.users`` and ``product.milestones``."""

from __future__ import annotations

import numpy as np

from . import vocab as V
from .common import Columns, fmt_ts, pick, take
from .world import OPEN, World


def users_table(world: World) -> Columns:
    """product.users: one row per user, in user-number (creation) order."""
    users = world.users
    order = np.argsort(users.number, kind="stable")
    return {
        "user_id": take(world.user_ids, order),
        "account_id": take(world.account_ids, users.account[order]),
        "created_at": fmt_ts(users.created_us[order]),
        "role": pick(V.USER_ROLES, users.role[order]),
    }


def milestones_table(world: World) -> Columns:
    """product.milestones: one row per milestone reached by as_of, ordered by time."""
    ms = world.milestones
    account, which = np.nonzero(ms.day != OPEN)
    when = ms.time_us[account, which]
    order = np.lexsort((which, when))
    account, which, when = account[order], which[order], when[order]
    return {
        "account_id": take(world.account_ids, account),
        "milestone_key": pick(V.MILESTONES, which),
        "achieved_at": fmt_ts(when),
    }
