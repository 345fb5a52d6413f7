"""What "completed" means for a course: its report configuration over its structure's counts."""
from dataclasses import asdict, dataclass

from spoc_plugin import compat
from spoc_plugin.models import CourseReportConfig

CHECKPOINTS = CourseReportConfig.Rule.CHECKPOINTS
BLOCKS = CourseReportConfig.Rule.BLOCKS


@dataclass(frozen=True)
class CompletionRule:
    """The course's completion rule with the counts it needs (``*_source``: "configuration" or "structure")."""

    rule: str
    min_block_percent: int
    checkpoints: int
    completable_blocks: int
    checkpoints_source: str
    blocks_source: str

    def progress(self, weeks_done, blocks_done):
        """A learner's progress in percent (0-100) under this rule."""
        if self.rule == CHECKPOINTS:
            done, total = weeks_done, self.checkpoints
        else:
            done, total = blocks_done, self.completable_blocks
        return round(min(100.0, 100.0 * done / total), 1) if total else 0.0

    def is_completed(self, weeks_done, blocks_done):
        """Every weekly checkpoint submitted, or at least ``min_block_percent`` % of the completable blocks.

        A course with nothing to count (no checkpoint, or no completable block) has no completed learner.
        """
        if self.rule == CHECKPOINTS:
            return bool(self.checkpoints) and weeks_done >= self.checkpoints
        return bool(self.completable_blocks) and blocks_done * 100 >= self.min_block_percent * self.completable_blocks

    def as_dict(self):
        return asdict(self)


def completion_rule(course_key, config=None):
    """The rule of the course (defaults when it has no configuration); counts set in the configuration win."""
    if config is None:
        config = CourseReportConfig.objects.filter(course_key=course_key).first() or CourseReportConfig(
            course_key=course_key
        )
    structure = None
    if config.checkpoint_count is None or config.completable_block_count is None:
        structure = compat.course_structure_counts(course_key)
    structure_checkpoints, structure_blocks = structure or (0, 0)
    return CompletionRule(
        rule=config.completion_rule,
        min_block_percent=config.min_block_percent,
        checkpoints=structure_checkpoints if config.checkpoint_count is None else config.checkpoint_count,
        completable_blocks=structure_blocks if config.completable_block_count is None
        else config.completable_block_count,
        checkpoints_source="structure" if config.checkpoint_count is None else "configuration",
        blocks_source="structure" if config.completable_block_count is None else "configuration",
    )
