"""Assigned tutors: course staff users following a cohort, or a small group of its learners (``assignments``);
the notice of a learner's help request (``emails``, ``tasks``) and the email of each tutor's weekly digest
(built from the report by ``reports.tutor_digest``).

A tutor's small group is a named subset of the cohort: the learners listed on the assignment
(``TutorLearner``); an assignment without any follows the whole cohort. The cohort activity's small groups
(per activity block) are not reused, as a tutor follows learners across every block of the course.
"""
