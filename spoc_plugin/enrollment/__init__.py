"""Private cohort enrollment: who may enroll, invitations, company codes, and joining a cohort.

Every way into a private cohort ends in :func:`.membership.record_enrollment`, called by the
``COURSE_ENROLLMENT_CREATED`` receiver (:mod:`.receivers`; and again, idempotently, right after an
enrollment the plugin starts itself). The gate (:func:`.gate.check_enrollment` with ``lock``) locks the
cohorts whose seats it counts; joins started by the plugin (:func:`.joining.accept_invitation`,
:func:`.joining.redeem_code`) lock them first too, in the same order. In a transaction (the LMS's views,
the plugin's joins) two learners can never take one last seat. Their seat is counted again under the lock
in ``record_enrollment``, and the receiver undoes, after the commit, the enrollment of a learner who lost
the last seat in between (a gate that ran outside a transaction). The gate also records the platform's
allowance of the learners it admits (:func:`.gate.allow_admitted`), so that an invitation-only course
accepts them.

Modules: ``gate`` (the enrollment gate's check), ``entitlements`` (invitations, codes, allow-list, open
cohorts), ``membership`` (recording a membership), ``joining`` (invitation links, company codes),
``invitations``, ``csv_import``, ``cohort_admin`` (staff's cohorts and members), ``emails``, ``tasks``,
``receivers`` (openedx-events), ``views`` (the join pages), ``tracking``, ``errors``.
"""
