"""The Python API of the SPOC plugin: the one door through which the XBlocks reach shared data.

Blocks never import models; they call these functions with user ids and opaque keys (or their
strings) and get plain data back.
"""
from .cohorts import (
    CohortData,
    get_learner_cohort,
    get_user,
    is_course_staff,
    list_cohorts,
    list_learner_cohorts,
    parse_course_key,
)

__all__ = [
    "CohortData",
    "get_learner_cohort",
    "get_user",
    "is_course_staff",
    "list_cohorts",
    "list_learner_cohorts",
    "parse_course_key",
]
from .cohort_activity import (  # noqa: E402
    CohortActivityStats,
    InvalidPost,
    PostData,
    PostNotFound,
    Progress,
    Wall,
    WallPage,
    activity_stats,
    create_post,
    delete_post,
    edit_post,
    export_rows,
    get_post,
    learner_progress,
    learner_wall,
    list_groups,
    list_wall,
    post_rate_limit,
    recent_post_count,
    safe_csv_cell,
    set_flags,
    set_helpful,
    staff_wall,
)

__all__ += [
    "CohortActivityStats",
    "InvalidPost",
    "PostData",
    "PostNotFound",
    "Progress",
    "Wall",
    "WallPage",
    "activity_stats",
    "create_post",
    "delete_post",
    "edit_post",
    "export_rows",
    "get_post",
    "learner_progress",
    "learner_wall",
    "list_groups",
    "list_wall",
    "post_rate_limit",
    "recent_post_count",
    "safe_csv_cell",
    "set_flags",
    "set_helpful",
    "staff_wall",
]
