"""``spoc_live_session``: a synchronous session (webinar, after-work, office hours, workshop) with slots per cohort.

Authors describe the session and its slots in Studio (slots are block content, so they live in OLX).
Learners see the slots open to their cohort, register or join the waitlist, add the slot to their
calendar, join inside the join window and, afterwards, watch the recording. Course staff see each
slot's roster, mark attendance, show, renew or choose the slot's check-in code and export the roster as CSV.

Every JSON handler takes its input through a serializer of ``inputs`` (anything else is a 400
before the handler runs). Stored slots are read with ``slots.read_slot``: a slot out of range
(older data, imported OLX) is never offered to learners, and breaks no view, handler or download.

Registrations, waitlist and attendance are kept by the plugin (:mod:`spoc_plugin.api`).
This module holds the learner side; ``studio`` the authoring side (editor, OLX),
``staff`` the course staff handlers, ``slots`` slot validation and timing,
``inputs`` what each handler accepts.

Completion: the block is complete for a learner once the completion rule is met (attended, or
attended or watched the recording). Attendance the learner records (Join, check-in code) publishes
completion at once. Attendance marked by staff belongs to other learners, and the LMS only accepts
a ``completion`` event for the current user: when the runtime offers edx-completion's
``completion`` service, the block submits the marked learners' completion through it
(``submit_group_completion``); in every runtime, the learner's next view or handler call also
computes completion from the attendance data and publishes it, so no runtime misses it.
"""

from urllib.parse import quote

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Integer, List, Scope, String

from spoc_plugin.validation import FORBIDDEN, is_web_address

from ..base import SpocXBlock
from ..exports import attachment
from ..handlers import json_handler, text_response
from ..i18n import gettext_noop
from ..messages import MessagePreferenceMixin
from . import calendar
from .inputs import CalendarFeedInput, CheckInInput, NoInput, SlotChoice
from .scenarios import demo_scenarios
from .slots import ENDED, Timeline, read_slots, utc_now, visible_to
from .staff import LiveSessionStaffMixin
from .studio import (
    ATTENDANCE_METHODS,
    COMPLETION_RULES,
    KINDS,
    MAX_JOIN_OPENS,
    LiveSessionStudioMixin,
)

STATE_LABELS = {"upcoming": gettext_noop("Upcoming"), "live": gettext_noop("Live now"),
                "ended": gettext_noop("Ended")}


def attended(registration, now=None):
    """Whether the registration counts as attended at ``now``: attendance counts from the session's start, so an
    early join (recorded with the start as its time) counts once the session has begun."""
    at = registration.attended_at
    return registration.attended and (at is None or at <= (now or utc_now()))


@XBlock.wants("completion")
class LiveSessionBlock(LiveSessionStudioMixin, LiveSessionStaffMixin, MessagePreferenceMixin, SpocXBlock):
    """A live session with slots per cohort, registration, waitlist, calendar, attendance and recording."""

    static_name = "live_session"

    display_name = String(display_name=gettext_noop("Display name"), scope=Scope.settings,
                          default=gettext_noop("Live session"))
    title = String(display_name=gettext_noop("Title"), scope=Scope.content, default="")
    kind = String(display_name=gettext_noop("Kind"), scope=Scope.content, default="webinar",
                  values=[{"value": key, "display_name": label} for key, label in KINDS.items()])
    description = String(display_name=gettext_noop("Description"), scope=Scope.content, default="",
                         multiline_editor=True)
    host = String(display_name=gettext_noop("Host or expert"), scope=Scope.content, default="")
    slots = List(display_name=gettext_noop("Slots"), scope=Scope.content, default=[],
                 help=gettext_noop("Each slot: id, start (UTC), duration, capacity, join URL, language, cohorts."))
    registration_required = Boolean(display_name=gettext_noop("Registration required"), scope=Scope.settings,
                                    default=True)
    join_opens_minutes = Integer(display_name=gettext_noop("Join opens (minutes before start)"),
                                 scope=Scope.settings, default=15)
    recording_url = String(display_name=gettext_noop("Recording URL"), scope=Scope.settings, default="")
    completion_rule = String(display_name=gettext_noop("Completion rule"), scope=Scope.settings, default="attended",
                             values=list(COMPLETION_RULES))
    attendance_method = String(display_name=gettext_noop("Attendance method"), scope=Scope.settings,
                               default="join", values=list(ATTENDANCE_METHODS))
    completion_published = Boolean(scope=Scope.user_state, default=False)
    #: The learner opened the recording through the block (the ``recording`` handler): "I watched it" may follow.
    recording_opened = Boolean(scope=Scope.user_state, default=False)

    editable_fields = ("display_name", "title", "kind", "host", "description", "slots", "registration_required",
                       "join_opens_minutes", "recording_url", "completion_rule", "attendance_method")

    # ----- reading what is stored (see SpocXBlock.stored) -----
    def shown(self, name):
        """The text field ``name`` as it can be shown: characters that no page or file may hold removed."""
        value = self.stored(name, "")
        return FORBIDDEN.sub("", value) if isinstance(value, str) else ""

    @property
    def join_opens(self):
        """Minutes before the start when Join opens, within 0..1440 whatever is stored."""
        return self.stored_int("join_opens_minutes", 0, MAX_JOIN_OPENS)

    @property
    def needs_registration(self):
        return bool(self.stored("registration_required", True))

    def _stored_raw_slots(self):
        slots = self.stored("slots", [])
        return slots if isinstance(slots, list) else []

    @property
    def stored_slots(self):
        """Every stored slot, read safely (see ``slots.read_slot``)."""
        return read_slots(self._stored_raw_slots())

    @property
    def usable_slots(self):
        """The slots that can be offered to learners."""
        return [slot for slot in self.stored_slots if slot["usable"]]

    # ----- helpers -----
    @property
    def session_title(self):
        return self.shown("title") or self._(self.shown("display_name") or "Live session")

    @property
    def published_title(self):
        """The title the plugin's slot table (reminders, calendar feeds) shows: the author's, untranslated."""
        return self.shown("title") or self.shown("display_name") or ""

    @property
    def safe_recording_url(self):
        url = self.stored("recording_url", "")
        return url if is_web_address(url) else ""

    def seat_notice(self, slot):
        """What the email to learners promoted from the slot's waitlist says of the session."""
        return {"title": self.session_title, "start": slot["start"], "duration": slot["duration"],
                "timezone": slot.get("timezone") or "UTC"}

    def _cohort_name(self):
        if not self.in_course:
            return None
        cohort = self.learner_cohort()
        return cohort.name if cohort else None

    def _visible_slots(self):
        slots = self.usable_slots
        if not any(slot["cohorts"] for slot in slots):
            return slots  # open to every cohort: no need to ask for the learner's
        cohort = self._cohort_name()
        return [slot for slot in slots if visible_to(slot, cohort, self.is_course_staff)]

    def _slot_or_404(self, data):
        """The visible slot named by ``data["slot_id"]``; another cohort's slot is as unknown as a missing one."""
        slot_id = data.get("slot_id") if isinstance(data, dict) else None
        if not isinstance(slot_id, str):
            raise JsonHandlerError(400, self._("Say which slot (slot_id)."))
        for slot in self._visible_slots():
            if slot["id"] == slot_id:
                return slot
        raise JsonHandlerError(404, self._("This slot does not exist."))

    def _slot_to_come(self, data):
        """The visible slot named by ``data["slot_id"]`` while it has not ended (a 400 after)."""
        slot = self._slot_or_404(data)
        if self._timeline(slot).state(utc_now()) == ENDED:
            raise JsonHandlerError(400, self._("This session has ended."))
        return slot

    def _timeline(self, slot):
        return Timeline.of(slot, self.join_opens)

    def refusal_messages(self, error):
        """The block's wording of the live session API's refusals."""
        return {
            "registered_elsewhere": self._("You already hold a place on another slot of this session: "
                                           "cancel it first."),
            "not_registered": self._("You are not registered for this slot."),
            "unknown_learners": self._("Some of these learners are not registered for this slot."),
            "invalid_checkin_code": self._("A check-in code has 8 to 32 letters or digits."),
            "too_many_codes": self._("Too many wrong check-in codes: try again in {minutes} min.").format(
                minutes=-(-int(error.details.get("retry_after", 60)) // 60)),
        }

    # ----- learner state -----
    def learner_state(self, now=None):
        """What the learner view shows: visible slots with their state, seats, and the learner's place."""
        now = now or utc_now()
        user_id = self.user_id if self.in_course else None
        api = self.spoc_api if self.in_course else None
        counts = api.slot_counts(self.usage_key) if api else {}
        mine = {reg.slot_id: reg for reg in api.learner_registrations(self.usage_key, user_id)} if user_id else {}
        active = next((reg for reg in mine.values() if reg.status in ("registered", "waitlisted")), None)
        slots = [self._slot_state(slot, counts.get(slot["id"]), mine.get(slot["id"]), active, now)
                 for slot in self._visible_slots()]
        completed = self._sync_completion(mine.values()) if user_id else False
        return {
            "slots": slots,
            "signed_in": user_id is not None,
            "completed": completed,
            "recording_url": self.safe_recording_url,
            "watched_recording": any(reg.watched_recording for reg in mine.values()),
            "recording_opened": bool(user_id and self.recording_opened),
            "attended": any(attended(reg, now) for reg in mine.values()),
            "registration_required": self.needs_registration,
            "attendance_method": self.stored("attendance_method", "join"),
            "completion_rule": self.stored("completion_rule", "attended"),
            "calendar_feed": user_id is not None and not self.masquerading,
        }

    def _slot_state(self, slot, counts, mine, active, now):
        timeline = self._timeline(slot)
        state = timeline.state(now)
        registered = counts.registered if counts else 0
        seats_left = None if not slot["capacity"] else max(slot["capacity"] - registered, 0)
        my_status = mine.status if mine and mine.status in ("registered", "waitlisted") else None
        may_join = my_status == "registered" or (not self.needs_registration and self.user_id is not None
                                                 and (active is None or active.slot_id == slot["id"]))
        can_join = may_join and bool(slot["join_url"]) and timeline.can_join(now)
        links = self.spoc_api.calendar_links(
            title=self.session_title, description=self.shown("description"), start=timeline.start, end=timeline.end,
            join_url=slot["join_url"] if my_status == "registered" else "") if my_status else None
        return {
            "id": slot["id"],
            "start": slot["start"],
            "end": calendar.utc_text(timeline.end),
            "join_opens": calendar.utc_text(timeline.join_opens),
            "duration": slot["duration"],
            "state": state,
            "language": slot["language"],
            "capacity": slot["capacity"],
            "registered": registered,
            "waitlisted": counts.waitlisted if counts else 0,
            "seats_left": seats_left,
            "my_status": my_status,
            "waitlist_position": mine.waitlist_position if my_status == "waitlisted" else None,
            # Joined early: shown as attended, counted from the start (``attended_from``).
            "attended": bool(mine and mine.attended),
            "attended_from": mine.attended_at.isoformat() if mine and mine.attended and mine.attended_at else None,
            # Why a learner may not register here: they hold a place ("registered", "waitlisted") on another slot.
            "elsewhere": active.status if active is not None and active.slot_id != slot["id"] else None,
            "can_register": (self.user_id is not None and self.in_course and not self.masquerading
                             and state != ENDED and active is None),
            "may_join": bool(may_join and slot["join_url"]) and state != ENDED,
            # The join URL is given to those who may join, once the join window is open.
            "join_url": slot["join_url"] if can_join else "",
            "cohorts": slot["cohorts"] if self.is_course_staff else [],
            "google_url": links.google if links else "",
            "outlook_url": links.outlook if links else "",
            "office_url": links.office if links else "",
        }

    def _rule_met(self, registrations):
        registrations = list(registrations)
        if any(attended(reg) for reg in registrations):
            return True
        return (self.stored("completion_rule") == "attended_or_recording"
                and any(reg.watched_recording for reg in registrations))

    def _sync_completion(self, registrations):
        """Publish completion once the rule is met for the current learner (see the module docstring)."""
        met = self._rule_met(registrations)
        if met and not self.completion_published:
            self.publish_completion(1.0)
            self.completion_published = True
        return met

    # ----- views -----
    def student_view(self, context=None):
        state = self.learner_state()
        staff = self.is_course_staff and self.in_course
        args = {"state": state, "staff": staff, "strings": self._js_strings(), "now": utc_now().isoformat()}
        return self.fragment("student", {
            "block": self, "kind_label": self._(KINDS.get(self.stored("kind"), KINDS["webinar"])), "staff": staff,
            "unavailable": self.unavailable_reason(), "title": self.session_title, "host": self.shown("host"),
            "kind": self.shown("kind"),
            "description": self.shown("description"),
            "hidden_slots": staff and len(self.usable_slots) < len(self.stored_slots),
            "message_preference": self.message_preference_html(),
        }, args)

    def student_view_data(self, context=None):
        """For the mobile apps: the session and its slots (no join URLs, no cohort names: the same for all)."""
        return {
            "title": self.session_title, "kind": self.stored("kind", "webinar"),
            "description": self.shown("description"), "host": self.shown("host"),
            "registration_required": self.needs_registration,
            "join_opens_minutes": self.join_opens, "recording_url": self.safe_recording_url,
            "completion_rule": self.stored("completion_rule", "attended"),
            "attendance_method": self.stored("attendance_method", "join"),
            "slots": [{
                "id": slot["id"], "start": slot["start"], "duration": slot["duration"], "capacity": slot["capacity"],
                "language": slot["language"], "restricted_to_cohorts": bool(slot["cohorts"]),
            } for slot in self.usable_slots],
        }

    # ----- learner handlers -----
    @json_handler(NoInput)
    def state(self, data, suffix=""):
        """The learner view's data, refreshed."""
        return self.learner_state()

    @json_handler(SlotChoice, access="require_learner")
    def register(self, data, suffix=""):
        """Take a seat on the slot, or a waitlist place when it is full."""
        user_id, slot = self.user_id, self._slot_to_come(data)
        # Slots of a block saved before the plugin mirrored them get mirrored (reminders, calendar feeds).
        self.spoc_api.publish_live_session_slots(self.course_key, self.usage_key, self.published_title,
                                                 self.usable_slots, only_missing=True)
        registration = self.spoc_api.register_for_session(
            self.course_key, self.usage_key, slot["id"], user_id, slot["capacity"])
        self.publish_event("live_session.registered", slot_id=slot["id"], status=registration.status,
                           waitlist_position=registration.waitlist_position)
        return self.learner_state()

    @json_handler(SlotChoice, access="require_learner")
    def cancel(self, data, suffix=""):
        """Give up a seat or waitlist place; the first waiting learner is promoted."""
        user_id, slot = self.user_id, self._slot_to_come(data)
        promoted = self.spoc_api.cancel_session_registration(
            self.course_key, self.usage_key, slot["id"], user_id, slot["capacity"], self.seat_notice(slot))
        self.publish_event("live_session.cancelled", slot_id=slot["id"], promoted_user_ids=promoted)
        return self.learner_state()

    def _require_join_window(self, slot):
        now = utc_now()
        timeline = self._timeline(slot)
        if timeline.state(now) == ENDED:
            raise JsonHandlerError(400, self._("This session has ended."))
        if not timeline.can_join(now):
            raise JsonHandlerError(400, self._("The session is not open yet."))

    @json_handler(SlotChoice, access="require_learner")
    def join(self, data, suffix=""):
        """The join URL, inside the join window; records attendance when that is the attendance method."""
        user_id = self.user_id
        slot = self._slot_or_404(data)
        if not slot["join_url"]:
            raise JsonHandlerError(400, self._("This session has no online room."))
        self._require_join_window(slot)
        open_session = not self.needs_registration
        if self.stored("attendance_method") == "join":
            self.spoc_api.record_attendance(self.course_key, self.usage_key, slot["id"], user_id, "join",
                                            allow_unregistered=open_session, counts_from=self._timeline(slot).start)
        elif not open_session and not self._holds_seat(user_id, slot):
            raise self.spoc_api.LiveSessionError(code="not_registered")
        self.publish_event("live_session.joined", slot_id=slot["id"])
        return {**self.learner_state(), "join_url": slot["join_url"]}

    def _holds_seat(self, user_id, slot):
        return any(reg.slot_id == slot["id"] and reg.status == "registered"
                   for reg in self.spoc_api.learner_registrations(self.usage_key, user_id))

    @json_handler(CheckInInput, access="require_learner")
    def check_in(self, data, suffix=""):
        """Record attendance with the check-in code staff show during the session.

        Wrong codes are counted per learner and slot: after five within 15 minutes, a 429 until the oldest is
        15 minutes old (the right code too). A wrong code is the one 400 that writes (the count)."""
        user_id = self.user_id
        slot = self._slot_or_404(data)
        if self.stored("attendance_method") != "code":
            raise JsonHandlerError(400, self._("This session does not use check-in codes."))
        self._require_join_window(slot)
        right = self.spoc_api.check_checkin_code(self.usage_key, slot["id"], data["code"], user_id)
        if not right:
            raise JsonHandlerError(400, self._("This check-in code is not right."))
        self.spoc_api.record_attendance(self.course_key, self.usage_key, slot["id"], user_id, "code",
                                        allow_unregistered=not self.needs_registration,
                                        counts_from=self._timeline(slot).start)
        self.publish_event("live_session.checked_in", slot_id=slot["id"])
        return self.learner_state()

    @json_handler(SlotChoice, access="require_learner")
    def watched_recording(self, data, suffix=""):
        """The learner says they watched the recording of an ended slot."""
        user_id = self.user_id
        slot = self._slot_or_404(data)
        if not self.safe_recording_url:
            raise JsonHandlerError(400, self._("There is no recording yet."))
        if self._timeline(slot).state(utc_now()) != ENDED:
            raise JsonHandlerError(400, self._("The recording comes after the session."))
        if not self.recording_opened:
            raise JsonHandlerError(409, self._("Open the recording first, then say that you watched it."))
        self.spoc_api.record_watched_recording(self.course_key, self.usage_key, slot["id"], user_id)
        self.publish_event("live_session.recording_watched", slot_id=slot["id"])
        return self.learner_state()

    @XBlock.handler
    def recording(self, request, suffix=""):
        """GET: a redirection to the recording that notes the learner opened it (``watched_recording`` needs it)."""
        if request.method != "GET":
            return text_response(405, self._("Use GET."), allow="GET")
        if self.user_id is None or not self.in_course:
            return text_response(403, self._("You must be signed in to do this."))
        now = utc_now()
        if not self.safe_recording_url or not any(
                self._timeline(slot).state(now) == ENDED for slot in self._visible_slots()):
            return text_response(404, self._("There is no recording yet."))
        if not self.masquerading:
            self.recording_opened = True
        return Response(status=302, location=self.safe_recording_url)

    def _query(self, request, name):
        """The query string value ``name`` (``None`` when absent); a 400 answer when the query is not UTF-8 text
        that can be stored."""
        try:
            value = request.GET.get(name)
        except UnicodeDecodeError:
            return None, text_response(400, self._("This address is not valid."))
        if value is not None and (FORBIDDEN.search(value) or len(value) > 200):
            return None, text_response(400, self._("This address is not valid."))
        return value, None

    @XBlock.handler
    def ics(self, request, suffix=""):
        """GET ``?slot=<id>``: the learner's slot as an iCalendar file (the UID and SEQUENCE of their calendar feed).

        Waitlisted: ``STATUS:TENTATIVE``. Once the learner cancels, or the author cancels or removes the slot, a
        ``METHOD:CANCEL`` file with the same UID, so the calendar removes the event."""
        if request.method != "GET":
            return text_response(405, self._("Use GET."))
        if self.user_id is None or not self.in_course:
            return text_response(403, self._("You must be signed in to do this."))
        slot_id, refused = self._query(request, "slot")
        if refused:
            return refused
        slot = next((s for s in self._visible_slots() if s["id"] == slot_id), None)
        removed = slot is None and slot_id is not None and all(s["id"] != slot_id for s in self.stored_slots)
        if slot is None and not removed:
            return text_response(404, self._("This slot does not exist."))
        texts = {}
        if slot is not None:
            timeline = self._timeline(slot)
            texts = {"title": self.session_title, "description": self.shown("description"),
                     "start": timeline.start, "end": timeline.end, "join_url": slot["join_url"]}
        body = self.spoc_api.session_calendar_file(
            self.usage_key, slot_id, self.user_id, removed=removed,
            reminder_text=self._("Your live session starts soon."), **texts)
        if body is None:
            return (text_response(404, self._("This slot does not exist.")) if removed
                    else text_response(400, self._("You are not registered for this slot.")))
        self.publish_event("live_session.calendar_downloaded", slot_id=slot_id)
        return attachment(body, f"live-session-{quote(slot_id)}.ics", "text/calendar")

    @json_handler(CalendarFeedInput, access="require_learner")
    def calendar_feed(self, data, suffix=""):
        """The learner's private calendar subscription (every session they registered for, in every course):
        ``webcal_url`` and ``https_url``; ``reset``: a new link, the old one stops working."""
        if data["reset"]:
            links = self.spoc_api.reset_calendar_feed(self.user_id)
            self.publish_event("live_session.calendar_feed_reset")
        else:
            links = self.spoc_api.calendar_feed_url(self.user_id)
        return {"https_url": links.https_url, "webcal_url": links.webcal_url}

    # ----- translations for JS -----
    def _js_strings(self):
        keys = [
            gettext_noop("Register"), gettext_noop("Join the waitlist"), gettext_noop("Cancel my registration"),
            gettext_noop("Leave the waitlist"), gettext_noop("Join"), gettext_noop("Registered"),
            gettext_noop("On the waitlist, position {n}"), gettext_noop("1 seat left"),
            gettext_noop("{n} seats left"), gettext_noop("Full"), gettext_noop("Unlimited seats"),
            gettext_noop("Starts in {t}"), gettext_noop("Ends in {t}"), gettext_noop("Join opens in {t}"),
            gettext_noop("Add to calendar (.ics)"), gettext_noop("Google Calendar"), gettext_noop("Outlook.com"),
            gettext_noop("Outlook (work or school)"), gettext_noop("Link copied."),
            gettext_noop("Reset the link? Calendars subscribed with the old link stop updating."),
            gettext_noop("The link was reset: subscribe again with the new one."),
            gettext_noop("You watched the recording."), gettext_noop("Attended"), gettext_noop("Check in"),
            gettext_noop("Check-in code"), gettext_noop("Language: {lang}"), gettext_noop("No slot is open to you."),
            gettext_noop("Saved."), gettext_noop("Registered: {r} · Waitlisted: {w} · Attended: {a}"),
            gettext_noop("Learner"), gettext_noop("Status"), gettext_noop("Select learners first."),
            gettext_noop("Check-in code: {code}"), gettext_noop("No registration yet."),
            gettext_noop("Cohorts: {names}"), gettext_noop("{d} min"), gettext_noop("registered"),
            gettext_noop("waitlisted"), gettext_noop("Watched the recording"), gettext_noop("Select all"),
            gettext_noop("You are registered."), gettext_noop("You are on the waitlist, position {n}."),
            gettext_noop("Your registration is cancelled."), gettext_noop("You left the waitlist."),
            gettext_noop("You are checked in."), gettext_noop("The room opens in a new tab."),
            gettext_noop("The room opens in a new tab. Your attendance counts from the start."),
            gettext_noop("Joined: your attendance counts from the start."),
            gettext_noop("Join opens {m} min before the start (in {t})."),
            gettext_noop("You hold a seat on another slot: one slot per learner. Cancel it to register here."),
            gettext_noop("You are on the waitlist of another slot: one slot per learner. "
                         "Leave that waitlist to register here."),
            gettext_noop("This session is full: your seat goes to the next learner and you may not get it back. "
                         "Give up your seat?"),
            gettext_noop("Give up my seat"), gettext_noop("Keep my seat"),
        ]
        strings = {key: self._(key) for key in keys}
        strings.update({f"state.{key}": self._(label) for key, label in STATE_LABELS.items()})
        return strings

    # ----- workbench -----
    @staticmethod
    def workbench_scenarios():
        """A webinar with a slot live now, one starting soon, one later, one ended and one for Globex only."""
        return demo_scenarios()
