"""Course staff side of the live session block: roster, check-in codes, bulk attendance marking, CSV export."""
from datetime import UTC

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from ..exports import csv_response
from ..handlers import json_handler, text_response
from ..i18n import gettext_noop
from .inputs import AttendanceInput, CheckinCodeInput, SlotChoice
from .slots import utc_now


class LiveSessionStaffMixin:
    """Staff handlers of :class:`~spoc_xblocks.live_session.LiveSessionBlock`; every one checks staff rights first."""

    @json_handler(SlotChoice, access="require_staff_in_course")
    def staff_roster(self, data, suffix=""):
        """Staff: the slot's counts, check-in code and roster."""
        return self._roster_data(self._slot_or_404(data))

    def _roster_data(self, slot):
        counts = self.spoc_api.slot_counts(self.usage_key).get(slot["id"]) or self.spoc_api.SlotCounts()
        return {
            "slot_id": slot["id"],
            "registered": counts.registered, "waitlisted": counts.waitlisted, "attended": counts.attended,
            "checkin_code": self.spoc_api.checkin_code(self.usage_key, slot["id"]) if self._uses_codes else "",
            "roster": [{
                "username": row.username, "full_name": row.full_name, "status": row.status,
                "attended": row.attended, "attendance_source": row.attendance_source,
                "watched_recording": row.watched_recording,
            } for row in self.spoc_api.slot_roster(self.usage_key, slot["id"]) if row.status != "cancelled"],
        }

    @property
    def _uses_codes(self):
        return self.stored("attendance_method") == "code"

    @json_handler(CheckinCodeInput, access="require_staff_in_course")
    def set_checkin_code(self, data, suffix=""):
        """Staff: replace the slot's check-in code with a new random one, or (``code``) with the host's own code
        (8 to 32 letters or digits). The old code stops working at once; the roster comes back with the new one."""
        slot = self._slot_or_404(data)
        if not self._uses_codes:
            raise JsonHandlerError(400, self._("This session does not use check-in codes."))
        chosen = data.get("code") or None
        self.spoc_api.checkin_code(self.usage_key, slot["id"], renew=chosen is None, code=chosen)
        self.publish_event("live_session.checkin_code_changed", slot_id=slot["id"], chosen_by_host=chosen is not None)
        return self._roster_data(slot)

    @json_handler(AttendanceInput, access="require_staff_in_course")
    def mark_attendance(self, data, suffix=""):
        """Staff: mark (``attended`` true) or unmark the attendance of learners, by username, in bulk."""
        slot = self._slot_or_404(data)
        usernames, attended = data["usernames"], data["attended"]
        if attended and self._timeline(slot).join_opens > utc_now():
            raise JsonHandlerError(400, self._("Attendance can be marked once the session has opened."))
        ids = self.spoc_api.users_by_username(usernames)
        if len(ids) != len(set(usernames)):
            raise self.spoc_api.LiveSessionError(code="unknown_learners")
        changed = self.spoc_api.mark_attendance(self.usage_key, slot["id"], ids.values(), attended)
        completion = self.runtime.service(self, "completion")
        if attended and changed and completion is not None and completion.completion_tracking_enabled():
            completion.submit_group_completion(self.usage_key, 1.0, user_ids=changed)
        self.publish_event("live_session.attendance_marked", slot_id=slot["id"], user_ids=changed, attended=attended)
        return {"changed": len(changed), **self._roster_data(slot)}

    @XBlock.handler
    def roster_csv(self, request, suffix=""):
        """Staff, GET: every slot's roster and attendance as CSV (``?slot=<id>`` for one slot).

        Every stored slot counts, even one learners cannot be offered any more (its start as stored, if any)."""
        if not self.is_course_staff or not self.in_course:
            return text_response(403, self._("Only course staff may do this."))
        slot_id, refused = self._query(request, "slot")
        if refused:
            return refused
        slot_id = slot_id or None
        starts = {slot["id"]: slot["start"] for slot in self.stored_slots if slot["id"]}
        if slot_id is not None and slot_id not in starts:
            return text_response(404, self._("This slot does not exist."))
        header = [self._(label) for label in (
            gettext_noop("Slot"), gettext_noop("Slot start (UTC)"), gettext_noop("Username"), gettext_noop("Full name"),
            gettext_noop("Email"), gettext_noop("Status"), gettext_noop("Registered at (UTC)"),
            gettext_noop("Attended"), gettext_noop("Attendance source"), gettext_noop("Attended at (UTC)"),
            gettext_noop("Watched the recording"))]
        rows = [[
            row.slot_id, starts.get(row.slot_id, ""), row.username, row.full_name, row.email, row.status,
            row.registered_at.astimezone(UTC).isoformat(), "yes" if row.attended else "no", row.attendance_source,
            row.attended_at.astimezone(UTC).isoformat() if row.attended_at else "",
            "yes" if row.watched_recording else "no",
        ] for row in self.spoc_api.slot_roster(self.usage_key, slot_id)]
        self.publish_event("live_session.roster_exported", slot_id=slot_id or "")
        return csv_response(f"live-session-roster-{slot_id or 'all'}.csv", header, rows)
