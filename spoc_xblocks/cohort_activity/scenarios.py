"""Workbench scenarios of the cohort activity block."""


def demo_scenarios():
    """One wall per cohort, and small groups of two where learners post first."""
    return [
        ("Cohort activity: introductions (one wall per cohort)", """
            <spoc_cohort_activity display_name="Introduce yourself" activity_kind="introductions"
                min_posts="1" min_replies="1"
                prompt="&lt;p&gt;Who are you, which &lt;strong&gt;site&lt;/strong&gt; do you work on, and what
                do you expect from this course?&lt;/p&gt;"/>
        """),
        ("Cohort activity: share a case (small groups of 2, post first)", """
            <spoc_cohort_activity display_name="Share a case from your plant" activity_kind="share_case"
                min_posts="1" min_replies="0" group_size="2" post_first="true" author_display="anonymous"
                prompt="&lt;p&gt;Describe a near miss you saw at work and what was changed after it.&lt;/p&gt;"/>
        """),
    ]
