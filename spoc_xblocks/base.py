"""The base class of the SPOC blocks, :class:`SpocXBlock`: what every block does the same way.

Keys and the current user; who may call (``require_learner``, ``require_staff``, ``require_author``...); the
settings (``editable_fields``, ``save_settings``, the ``due`` field, reading stored values); translation; the
fragments of the views; events and completion; the answer to the plugin API's refusals. Handlers are declared
with :func:`spoc_xblocks.handlers.json_handler`.

Blocks reach cross-learner data only through :mod:`spoc_plugin.api` (see :meth:`SpocXBlock.spoc_api`).
Optional runtime services are asked for with ``XBlock.wants`` so the blocks render in the LMS,
Studio, a preview without a user, the Learning Core runtime and the xblock-sdk workbench.
"""
import functools
import json
import zoneinfo
from datetime import UTC, datetime

from django.utils.safestring import mark_safe
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Date, Scope
from xblock.utils.resources import ResourceLoader

from . import editor
from .i18n import BlockTranslator, gettext_noop

STATIC = ResourceLoader("spoc_xblocks.static")
#: Each view's template and script, named after the block's ``static_name`` (the author view's script is
#: ``SpocAuthorView`` of ``spoc-common.js``: local dates; the editor's template is the frame of every editor).
_VIEWS = {"student": ("{}.html", "{}"), "author": ("{}_author.html", ""), "studio": ("studio_editor.html", "{}-studio")}
#: The texts every block's JS shares (``common`` in its init arguments; see ``spoc-common.js``).
COMMON_TEXTS = {
    "network": gettext_noop("Could not reach the server, try again."),
    "server": gettext_noop("Something went wrong, try again."),
    "loading": gettext_noop("Loading…"),
    "confirm": gettext_noop("Yes"),
    "keep": gettext_noop("No"),
    "days": gettext_noop("{n} d"),
    "hours": gettext_noop("{n} h"),
    "minutes": gettext_noop("{n} min"),
    "seconds": gettext_noop("{n} s"),
    "zone": gettext_noop("Times are in your time zone: {zone}."),
}
#: Where edx-platform's user service puts the user's preferences (``time_zone`` among them).
USER_PREFERENCES = "edx-platform.user_preferences"


@XBlock.wants("user")
@XBlock.wants("i18n")
@XBlock.wants("studio_user_permissions")
class SpocXBlock(XBlock):
    """Base class of the SPOC XBlocks."""

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    # Staff viewing the course as a specific learner see the learner's view; every write is refused then.
    show_in_read_only_mode = True

    # ----- keys -----
    @property
    def course_key(self):
        """The key of the course (or Learning Core context) holding this block, or ``None``."""
        usage_id = self.scope_ids.usage_id
        key = getattr(usage_id, "context_key", None) or getattr(self.runtime, "course_id", None)
        if isinstance(key, str):
            try:
                key = CourseKey.from_string(key)
            except InvalidKeyError:
                return None
        return key

    @property
    def usage_key(self):
        """This block's usage key; a runtime with plain string ids (the workbench) gets one made in the course."""
        return editor.block_usage_key(self, self.course_key)

    # ----- the current user -----
    def _current_user(self):
        """The user service's answer, asked once per block instance (an instance serves one request, and
        some user services query the database)."""
        bound = self.scope_ids.user_id  # the runtime may rebind an instance to another user
        if getattr(self, "_user_of_request", (None, None))[0] != bound or not hasattr(self, "_user_of_request"):
            service = self.runtime.service(self, "user")
            self._user_of_request = (bound, service.get_current_user() if service else None)
        return self._user_of_request[1]

    @property
    def masquerading(self):
        """Whether staff are viewing the course as a specific learner (LMS masquerade).

        The LMS then gives the block the learner's user, and anything the block wrote would be written
        as the learner's. The real user is the ``real_user`` the LMS sets on the learner it serves.
        """
        service = self.runtime.service(self, "user")
        served = getattr(service, "_django_user", None)
        real_user = getattr(served, "real_user", None)
        return real_user is not None and getattr(real_user, "id", None) != getattr(served, "id", None)

    @property
    def user_id(self):
        """The LMS id of the current user, or ``None`` (anonymous, preview without a user)."""
        user = self._current_user()
        return user.opt_attrs.get("edx-platform.user_id") if user else None

    @property
    def learner_time_zone(self):
        """The time zone the user chose in their LMS account (an IANA name), or ``None`` (their browser's then)."""
        user = self._current_user()
        preferences = user.opt_attrs.get(USER_PREFERENCES) if user else None
        zone = preferences.get("time_zone") if isinstance(preferences, dict) else None
        return zone if isinstance(zone, str) and zone in _zone_names() else None

    @property
    def is_course_staff(self):
        """Whether the current user has staff rights on this course, computed on the server."""
        user = self._current_user()
        if not user or not user.opt_attrs.get("edx-platform.user_id"):
            return False
        return bool(user.opt_attrs.get("edx-platform.user_is_staff"))

    @property
    def spoc_api(self):
        """The plugin's Python API, :mod:`spoc_plugin.api` (imported here: block modules load before Django apps)."""
        from spoc_plugin import api

        return api

    def learner_cohort(self):
        """The current learner's SPOC cohort in this course, or ``None``."""
        if self.user_id is None or self.course_key is None:
            return None
        return self.spoc_api.get_learner_cohort(self.user_id, self.course_key)

    # ----- settings -----
    #: The fields the block's Studio editor changes (XBlock's name for them); ``save_settings`` writes only these.
    editable_fields = ()

    # The platform's own field (``InheritanceMixin.due``), declared here with the same name, type and scope so that
    # every runtime has it: in the LMS an unset due date is the subsection's (see ``due_datetime``).
    due = Date(display_name=gettext_noop("Due date"), default=None, scope=Scope.settings,
               help=gettext_noop("Empty: the subsection's due date, when it has one"))

    # Older data or imported OLX may hold values the editor refuses today: reading them never fails.
    def stored(self, name, default=None):
        """The field ``name``, or ``default`` when what is stored cannot be read as the field's type."""
        try:
            return getattr(self, name)
        except (TypeError, ValueError, OverflowError):
            return default

    def stored_int(self, name, low, high):
        """The whole-number field ``name`` within ``low``..``high``, whatever is stored (the field's default when
        it is no whole number)."""
        value = self.stored(name)
        if isinstance(value, bool) or not isinstance(value, int):
            return self.fields[name].default
        return min(max(value, low), high)

    @property
    def due_datetime(self):
        """The block's due date as an aware datetime, or ``None``.

        ``due`` is the platform's inheritable field: in the LMS a block that sets none gets its subsection's
        due date, which edx-when shifts for self-paced runs and personal extensions. Whatever the platform
        or an imported OLX puts there, a value that is not a date reads as no due date.
        """
        try:
            value = self.due
        except (TypeError, ValueError, OverflowError, OSError):  # the field could not read what is stored
            return None
        return aware_datetime(value)

    def save_settings(self, values):
        """Set the editor's ``values`` of ``editable_fields`` on the block; a ``due`` of ``None`` removes the block's
        own date, so that the subsection's applies again."""
        for name in self.editable_fields:
            if name not in values:
                continue
            if name == "due" and values[name] is None:
                del self.due
            else:
                setattr(self, name, values[name])

    @property
    def own_due(self):
        """The due date set on the block itself (not inherited), as an aware datetime, or ``None``."""
        return self.due_datetime if self.fields["due"].is_set_on(self) else None

    def week_due(self, week, user_id=None, cohort_id=None):
        """The end of week ``week`` of a cohort's calendar (the cohort ``cohort_id``, else the learner ``user_id``'s),
        else the block's due date: with no ``week``, outside a course, or for a cohort without a start date."""
        if week and self.in_course:
            if cohort_id is not None:
                dates = self.spoc_api.cohort_week(self.course_key, cohort_id, week)
            else:
                dates = self.spoc_api.learner_week(user_id, self.course_key, week)
            if dates is not None:
                return dates.closes
        return self.due_datetime

    # ----- i18n -----
    @functools.cached_property
    def translator(self):
        """The block's translator: its own catalogue first, then the runtime's ``i18n`` service (see ``i18n``)."""
        return BlockTranslator(service=self.runtime.service(self, "i18n"))

    def _(self, message):
        """Translate one of the block's own strings."""
        return self.translator.gettext(message)

    def translated(self, texts):
        """``texts`` (strings marked with ``gettext_noop``, by name) translated, under the same names: for the JS."""
        return {name: self._(text) for name, text in texts.items()}

    # ----- rendering -----
    #: The block's name in its static files (``live_session``: ``html/live_session.html``, ``css/live-session.css``).
    static_name = None

    def render_template(self, name, context):
        """Render ``static/html/<name>`` with Django's engine; user text is escaped by the engine."""
        return STATIC.render_django_template(f"html/{name}", context, i18n_service=self.translator)

    def fragment(self, view, context, init_args=None):
        """The fragment of ``view`` (``"student"``, ``"author"`` or ``"studio"``), from the block's static files.

        Every view has ``css/spoc.css`` and the block's ``css/<static-name>.css``; the HTML is
        ``html/<static_name>.html``, ``<static_name>_author.html`` or the editors' ``studio_editor.html``. The learner
        and Studio views run ``js/<static-name>.js`` or ``<static-name>-studio.js`` (after ``spoc-common.js``),
        initialised by ``Spoc<StaticName>`` or ``Spoc<StaticName>Studio`` with ``init_args``; the author view runs
        ``SpocAuthorView`` of ``spoc-common.js`` (its ``<time>`` in the author's zone, named). The arguments hold
        author and learner text, so they are not left to the runtime (the workbench writes them into a script
        element as they are): the block writes them itself, escaped for a script element (:func:`script_json`),
        and its JS reads them there (``SpocArgs`` in ``spoc-common.js``), with the shared texts (``common``) and
        the learner's time zone (``time_zone``).
        """
        template, script = _VIEWS[view]
        if script is not None:
            init_args = {**(init_args or {}), "common": self.translated(COMMON_TEXTS),
                         "time_zone": self.learner_time_zone}
        name, hyphenated = self.static_name, self.static_name.replace("_", "-")
        html = self.render_template(template.format(name), context)
        if script is not None:
            html += f'<script type="application/json" class="spoc-init-args">{script_json(init_args or {})}</script>'
        frag = Fragment(html)
        frag.add_css(STATIC.load_unicode("css/spoc.css"))
        frag.add_css(STATIC.load_unicode(f"css/{hyphenated}.css"))
        if view == "studio":
            frag.add_css(STATIC.load_unicode("css/spoc-studio.css"))
        if script is not None:
            frag.add_javascript(STATIC.load_unicode("js/spoc-common.js"))
            if script:
                js_name = script.format(hyphenated)
                frag.add_javascript(STATIC.load_unicode(f"js/{js_name}.js"))
            frag.initialize_js(_js_init_function(js_name) if script else "SpocAuthorView")
        return frag

    def studio_fragment(self, plain_fields, init_args, choices=None, due=False):
        """The Studio editor: ``html/studio_editor.html`` (the wrapper, status line and buttons Studio's modal
        expects) around ``<static_name>_studio.html``, the block's structured fields, which places ``plain_fields``
        as ``xblock.utils``' standard editor shows them (``choices``: the translated options of a field, by name)
        and, with ``due``, the block's own due date (``html/studio_due.html``; in ``init_args``, ``due`` and the
        subsection's ``inherited_due``). ``init_args`` get the editors' shared texts."""
        uid = editor.dom_id(self)
        context = {"uid": uid, "plain_fields": mark_safe(self.render_template("studio_fields.html", {
            "fields": editor.plain_fields(self, plain_fields, choices), "uid": uid,
        }))}
        if due:
            inherited = self.due_datetime if self.own_due is None else None
            init_args = {**init_args, "due": self.own_due.isoformat() if self.own_due else "",
                         "inherited_due": inherited.isoformat() if inherited else ""}
            context["due_field"] = mark_safe(self.render_template("studio_due.html", {"uid": uid}))
        fields = self.render_template(f"{self.static_name}_studio.html", context)
        strings = {**self.translated(editor.EDITOR_STRINGS), **init_args.get("strings", {})}
        return self.fragment("studio", {"name": self.static_name.replace("_", "-"), "fields": mark_safe(fields)},
                             {**init_args, "strings": strings})

    def ugettext(self, text):
        """The block's translation of ``text``: what ``xblock.utils``' editor helpers call."""
        return self._(text)

    # ----- events and completion -----
    def publish_event(self, name, **data):
        """Publish an Open edX tracking event ``edx.spoc.<block>.<name>`` with the block's keys."""
        payload = {"course_id": str(self.course_key or ""), "usage_key": str(self.usage_key or ""), **data}
        self.runtime.publish(self, f"edx.spoc.{name}", payload)

    def publish_completion(self, completion=1.0):
        """Tell the runtime (and so edx-completion) how complete this block is for the current user."""
        self.runtime.publish(self, "completion", {"completion": completion})

    # ----- handler helpers -----
    def unavailable_reason(self):
        """Why the viewer cannot act in this block, for the page (``""`` when they can)."""
        if not self.in_course:
            return self._("This block takes part in a course run: here it is a preview, and nothing is recorded.")
        if self.user_id is None:
            return self._("Sign in to take part.")
        if self.masquerading:
            return self._("You are viewing the course as another learner: you can look, but not act for them.")
        return ""

    def require_user(self):
        """The current user id; a 403 for anonymous callers."""
        if self.user_id is None:
            raise JsonHandlerError(403, self._("You must be signed in to do this."))
        return self.user_id

    def require_own_action(self):
        """A 403 while staff view the course as a specific learner: a write would be the learner's."""
        if self.masquerading:
            raise JsonHandlerError(403, self._(
                "You are viewing the course as another learner: you can look, but not act for them."))

    def require_staff(self):
        """A 403 unless the caller is course staff."""
        if not self.is_course_staff:
            raise JsonHandlerError(403, self._("Only course staff may do this."))

    @property
    def in_course(self):
        """Whether the block sits in a course run (not a Learning Core library, nor a runtime without keys)."""
        return isinstance(self.course_key, CourseKey) and self.usage_key is not None

    def require_staff_in_course(self):
        """A 403 unless the caller is course staff; a 400 outside a course."""
        self.require_staff()
        self.require_course()

    def require_course(self):
        """The course key; a 400 when the block is not in a course (e.g. in a Learning Core library)."""
        if not self.in_course:
            raise JsonHandlerError(400, self._("This block is not part of a course."))
        return self.course_key

    def require_learner(self, read_only=False):
        """The current user id, in a course: a 403 for anonymous callers, a 400 outside a course, and, unless
        the call only reads, a 403 while staff view the course as a specific learner."""
        user_id = self.require_user()
        if not read_only:
            self.require_own_action()
        self.require_course()
        return user_id

    def require_author(self):
        """A 403 unless the caller may edit the block's content.

        In Studio (and a Learning Core library) the ``studio_user_permissions`` service decides, with the
        platform's own write permission on the course or library, as Studio does for every save (Studio's
        user service does not flag authors as staff). Elsewhere (the LMS, the workbench), course staff,
        checked on the server.
        """
        permissions = self.runtime.service(self, "studio_user_permissions")
        if permissions is not None:
            allowed = self.course_key is not None and permissions.can_write(self.course_key)
        elif not self.in_course:  # a library runtime without the service (older releases): its staff flag
            allowed = self.is_course_staff
        else:
            allowed = (self.user_id is not None and self.in_course and not self.masquerading
                       and self.spoc_api.is_course_staff(self.spoc_api.get_user(self.user_id), self.course_key))
        if not allowed:
            raise JsonHandlerError(403, self._("Only the course's authors may change this block."))

    def refusal_messages(self, error):
        """The block's own wording (translated) of the plugin API's refusals, by ``code``: none by default."""
        return {}

    def refusal(self, error, messages=None):
        """The handler answer to a ``SpocError`` of the plugin's API: its status, and the block's wording of
        its ``code`` in ``messages`` (else in :meth:`refusal_messages`), else its English message translated in the
        block's catalogue (for input that does not fit, the field's label in the block's catalogue and the problem
        as given)."""
        if "label" in error.details:
            label, problem = error.details["label"], self._(error.details["problem"])
            message = self._("{field}: {problem}").format(field=self._(label), problem=problem) if label else problem
        else:
            wording = self.refusal_messages(error) if messages is None else messages
            message = wording.get(error.code) or self._(error.message)
        return JsonHandlerError(error.status, message)


#: What JSON inside a script element must not hold as such (HTML would end the element, or open a comment).
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@functools.cache
def _zone_names():
    return zoneinfo.available_timezones()


def script_json(value):
    """``value`` as JSON that can sit in a ``<script>`` element: ``<``, ``>`` and ``&`` are escaped."""
    return json.dumps(value).translate(_SCRIPT_ESCAPES)


def aware_datetime(value):
    """``value`` as an aware datetime (naive ones are UTC), or ``None`` when it is no date and time."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _js_init_function(js_name):
    """``live-session`` -> ``SpocLiveSession``: the name of the JS initialisation function."""
    return "Spoc" + "".join(part.capitalize() for part in js_name.split("-"))
