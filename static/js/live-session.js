/* Learner and staff view of the spoc_live_session block: slots in the learner's time zone (named in words),
   countdowns, registration, waitlist, calendar, Join window, check-in, recording; staff roster and attendance.
   Every action answers next to its control (SpocClient.say) and the focus stays on, or moves to, its result. */
function SpocLiveSession(runtime, element, args) {
    'use strict';
    var view = SpocView(runtime, element, args), root = view.root, client = view.client, time = view.time;
    args = view.args;
    var t = args.strings;
    var state = args.state;
    // The server's clock decides; the browser only shows it: keep the offset between the two clocks.
    var skew = Date.parse(args.now) - Date.now();
    var $ = function (selector) { return root.querySelector(selector); };
    var recordingOpened = false;

    var fill = SpocDom.fill, el = SpocDom.el, button = SpocDom.button;

    function now() { return Date.now() + skew; }
    function link(label, href, className) {
        var node = el('a', className, label);
        node.href = href;
        node.target = '_blank';
        node.rel = 'noopener noreferrer';
        return node;
    }
    var languageNames = null;
    try { languageNames = new Intl.DisplayNames([time.locale || navigator.language], {type: 'language'}); } catch (e) {
        languageNames = null;
    }
    function languageName(code) {
        try { return (languageNames && languageNames.of(code)) || code; } catch (e) { return code; }
    }

    function clientState(slot) {
        var at = now();
        if (at >= Date.parse(slot.end)) { return 'ended'; }
        return at >= Date.parse(slot.start) ? 'live' : 'upcoming';
    }
    function slotItemOf(slotId) {
        return root.querySelector('.spoc-live-session-slot[data-slot-id="' + CSS.escape(slotId) + '"]');
    }

    /* Call ``handler`` for a slot (``control``: the button or form that asked); the fresh state is shown, then
       ``message(answer)`` next to the slot and the focus on ``focusOn`` (a selector inside the slot, else the
       slot). Errors are said next to the control. */
    function act(handler, data, control, message, focusOn) {
        client.say('', null, control);
        return client.call(handler, data, {busy: control}).then(function (fresh) {
            state = fresh;
            render();
            var item = data.slot_id ? slotItemOf(data.slot_id) : null;
            var text = message ? message(fresh) : '';
            if (text) { client.say(text, 'success', item || control); }
            var target = item && focusOn ? item.querySelector(focusOn) : null;
            SpocDom.focus(target || item);
            return fresh;
        }, function (error) {
            client.say(error.error, 'error', control);
            throw error;
        });
    }
    function mineOf(fresh, slotId) {
        return fresh.slots.filter(function (slot) { return slot.id === slotId; })[0] || {};
    }
    function registeredMessage(slotId) {
        return function (fresh) {
            var mine = mineOf(fresh, slotId);
            return mine.my_status === 'waitlisted' ?
                fill(t['You are on the waitlist, position {n}.'], {n: mine.waitlist_position}) :
                t['You are registered.'];
        };
    }

    function slotItem(slot) {
        var item = el('li', 'spoc-live-session-slot spoc-feedback');
        item.setAttribute('data-slot-id', slot.id);
        var when = el('p', 'spoc-live-session-when');
        var label = el('time', null, time.format(slot.start, {
            weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'
        }) + ' – ' + time.format(slot.end, {hour: '2-digit', minute: '2-digit', timeZoneName: 'short'}));
        label.setAttribute('datetime', slot.start);
        when.appendChild(label);
        when.appendChild(document.createTextNode(' '));
        when.appendChild(el('span', 'spoc-badge spoc-live-session-state'));
        item.appendChild(when);
        var facts = [fill(t['{d} min'], {d: slot.duration})];
        if (slot.language) { facts.push(fill(t['Language: {lang}'], {lang: languageName(slot.language)})); }
        if (slot.cohorts.length) { facts.push(fill(t['Cohorts: {names}'], {names: slot.cohorts.join(', ')})); }
        facts.push(slot.seats_left === null ? t['Unlimited seats'] :
                   slot.seats_left === 1 ? t['1 seat left'] :
                   slot.seats_left > 1 ? fill(t['{n} seats left'], {n: slot.seats_left}) : t.Full);
        item.appendChild(el('p', 'spoc-muted spoc-live-session-facts', facts.join(' · ')));
        item.appendChild(el('p', 'spoc-live-session-countdown'));
        if (slot.my_status) {
            item.appendChild(el('p', 'spoc-live-session-mine', slot.my_status === 'registered' ? t.Registered :
                                fill(t['On the waitlist, position {n}'], {n: slot.waitlist_position})));
        }
        if (slot.attended) { item.appendChild(el('p', 'spoc-badge spoc-live-session-attended')); }
        if (slot.elsewhere && slot.state !== 'ended') {
            // Why there is no Register button here: one slot per learner (the server refuses a second one).
            item.appendChild(el('p', 'spoc-live-session-rule', slot.elsewhere === 'waitlisted' ?
                t['You are on the waitlist of another slot: one slot per learner. Leave that waitlist to register here.'] :
                t['You hold a seat on another slot: one slot per learner. Cancel it to register here.']));
        }
        var actions = el('p', 'spoc-live-session-actions spoc-inline-buttons');
        if (slot.can_register) {
            var full = slot.seats_left === 0;
            var register = button(full ? t['Join the waitlist'] : t.Register, 'spoc-live-session-register', function () {
                act('register', {slot_id: slot.id}, register, registeredMessage(slot.id), '.spoc-live-session-cancel');
            });
            actions.appendChild(register);
        }
        if (slot.my_status && slot.state !== 'ended') {
            var cancel = button(slot.my_status === 'registered' ? t['Cancel my registration'] : t['Leave the waitlist'],
                                'spoc-secondary spoc-live-session-cancel', function () { cancelSlot(slot, cancel); });
            actions.appendChild(cancel);
        }
        if (slot.may_join) {
            var join = button(t.Join, 'spoc-live-session-join', function () { joinSlot(slot, join); });
            var note = el('span', 'spoc-muted spoc-live-session-join-note');
            note.id = 'spoc-live-session-join-note-' + Math.random().toString(36).slice(2);
            join.setAttribute('aria-describedby', note.id);
            actions.appendChild(join);
            actions.appendChild(note);
        }
        item.appendChild(actions);
        if (slot.may_join && state.attendance_method === 'code' && !slot.attended) {
            var form = el('form', 'spoc-live-session-checkin');
            var codeLabel = el('label', null, t['Check-in code'] + ' ');
            var input = el('input');
            input.name = 'code';
            input.autocomplete = 'off';
            input.maxLength = 64;
            codeLabel.appendChild(input);
            form.appendChild(codeLabel);
            var submit = el('button', 'spoc-secondary', t['Check in']);
            submit.type = 'submit';
            form.appendChild(submit);
            form.addEventListener('submit', function (event) {
                event.preventDefault();
                act('check_in', {slot_id: slot.id, code: input.value}, submit, function () {
                    return t['You are checked in.'];
                }, '.spoc-live-session-attended').catch(function () {
                    input.setAttribute('aria-invalid', 'true');
                    SpocDom.focus(input);
                });
            });
            item.appendChild(form);
        }
        if (slot.my_status) {
            var calendar = el('p', 'spoc-live-session-calendar');
            var ics = el('a', 'spoc-live-session-ics', t['Add to calendar (.ics)']);
            ics.href = runtime.handlerUrl(element, 'ics', '', 'slot=' + encodeURIComponent(slot.id));
            ics.setAttribute('download', 'live-session-' + slot.id + '.ics');
            calendar.appendChild(ics);
            calendar.appendChild(document.createTextNode(' · '));
            calendar.appendChild(link(t['Google Calendar'], slot.google_url, 'spoc-live-session-google'));
            calendar.appendChild(document.createTextNode(' · '));
            calendar.appendChild(link(t['Outlook.com'], slot.outlook_url, 'spoc-live-session-outlook'));
            calendar.appendChild(document.createTextNode(' · '));
            calendar.appendChild(link(t['Outlook (work or school)'], slot.office_url, 'spoc-live-session-office'));
            item.appendChild(calendar);
        }
        return item;
    }

    /* Giving up a seat of a full slot (someone may be waiting for it) is confirmed in the page first. */
    function cancelSlot(slot, control) {
        var message = function () {
            return slot.my_status === 'registered' ? t['Your registration is cancelled.'] : t['You left the waitlist.'];
        };
        var ask = slot.my_status === 'registered' && slot.seats_left === 0 ?
            SpocDom.confirm(control, t['This session is full: your seat goes to the next learner and you may not get it back. Give up your seat?'],
                            {confirm: t['Give up my seat'], keep: t['Keep my seat']}) :
            Promise.resolve(true);
        ask.then(function (yes) {
            if (yes) { act('cancel', {slot_id: slot.id}, control, message, '.spoc-live-session-register'); }
        });
    }

    function joinSlot(slot, control) {
        // Opened now (inside the click) so that pop-up blockers allow it; pointed at the room once allowed.
        var room = window.open('', '_blank');
        act('join', {slot_id: slot.id}, control, function () {
            return now() < Date.parse(slot.start) ? t['The room opens in a new tab. Your attendance counts from the start.'] :
                t['The room opens in a new tab.'];
        }, '.spoc-live-session-join').then(function (answer) {
            if (room) { room.opener = null; room.location.href = answer.join_url; }
        }).catch(function () { if (room) { room.close(); } });
    }

    /* Time-dependent parts: state badge, countdown, Join button and its note, attendance, recording. Every second. */
    function tick() {
        var anyEnded = false;
        state.slots.forEach(function (slot) {
            var item = slotItemOf(slot.id);
            if (!item) { return; }
            var current = clientState(slot), at = now();
            anyEnded = anyEnded || current === 'ended';
            item.setAttribute('data-state', current);
            item.querySelector('.spoc-live-session-state').textContent = t['state.' + current];
            var countdown = item.querySelector('.spoc-live-session-countdown');
            var joinOpens = Date.parse(slot.join_opens);
            if (current === 'upcoming') {
                countdown.textContent = fill(t['Starts in {t}'], {t: time.duration(Date.parse(slot.start) - at)});
            } else if (current === 'live') {
                countdown.textContent = fill(t['Ends in {t}'], {t: time.duration(Date.parse(slot.end) - at)});
            } else {
                countdown.textContent = '';
            }
            var open = at >= joinOpens && current !== 'ended';
            var joinButton = item.querySelector('.spoc-live-session-join');
            if (joinButton) {
                joinButton.disabled = !open;
                joinButton.hidden = current === 'ended';
                // The reason a Join button is disabled is written next to it, not in a tooltip.
                item.querySelector('.spoc-live-session-join-note').textContent = open || current === 'ended' ? '' :
                    fill(t['Join opens {m} min before the start (in {t}).'], {
                        m: Math.round((Date.parse(slot.start) - joinOpens) / 60000), t: time.duration(joinOpens - at)
                    });
            }
            var checkin = item.querySelector('.spoc-live-session-checkin');
            if (checkin) { checkin.hidden = !open; }
            var cancel = item.querySelector('.spoc-live-session-cancel');
            if (cancel) { cancel.hidden = current === 'ended'; }
            var register = item.querySelector('.spoc-live-session-register');
            if (register) { register.hidden = current === 'ended'; }
            var attended = item.querySelector('.spoc-live-session-attended');
            if (attended) {  // attendance counts from the start: an early join says so until then
                attended.textContent = at >= Date.parse(slot.start) ? t.Attended :
                    t['Joined: your attendance counts from the start.'];
            }
        });
        var recording = $('.spoc-live-session-recording');
        recording.hidden = !(state.recording_url && anyEnded);
        var watched = $('.spoc-live-session-watched');
        var mayTell = state.signed_in && !state.watched_recording;
        // "I watched it" comes once the learner has opened the recording.
        watched.hidden = !(mayTell && recordingOpened);
        $('.spoc-live-session-watch-hint').hidden = !(mayTell && !recordingOpened);
    }

    function render() {
        var list = $('.spoc-live-session-slots');
        list.textContent = '';
        state.slots.forEach(function (slot) { list.appendChild(slotItem(slot)); });
        if (!state.slots.length) { list.appendChild(el('li', 'spoc-muted', t['No slot is open to you.'])); }
        $('.spoc-live-session-completed').hidden = !state.completed;
        // Signed in, the recording opens through the block, which notes it: "I watched it" is accepted after that.
        if (state.recording_url) {
            $('.spoc-live-session-recording-link').href = state.signed_in ?
                runtime.handlerUrl(element, 'recording') : state.recording_url;
        }
        recordingOpened = recordingOpened || state.recording_opened;
        tick();
    }

    function watchedSlot() {
        var ended = state.slots.filter(function (slot) { return clientState(slot) === 'ended'; });
        var mine = ended.filter(function (slot) { return slot.my_status; });
        return (mine[0] || ended[ended.length - 1] || {}).id;
    }

    $('.spoc-live-session-recording-link').addEventListener('click', function () {
        recordingOpened = true;
        tick();
    });
    var watchedButton = $('.spoc-live-session-watched');
    watchedButton.addEventListener('click', function () {
        client.call('watched_recording', {slot_id: watchedSlot()}, {busy: watchedButton}).then(function (fresh) {
            state = fresh;
            render();
            var box = client.say(t['You watched the recording.'], 'success', $('.spoc-live-session-recording-link'));
            SpocDom.focus(box);
        }, client.failNear(watchedButton));
    });
    $('.spoc-live-session-tz').textContent = time.zoneText();

    if (args.staff) { SpocLiveSessionStaff(runtime, element, client, t, state.slots, time); }
    if (state.calendar_feed) { SpocLiveSessionFeed(element, client, t); }
    render();
    setInterval(tick, 1000);
}

/* The learner's calendar subscription: asked for on the first click (so no link exists before the learner wants
   one), opened as webcal:// in the calendar app; the https:// link to copy (Google Calendar's "From URL");
   reset after confirmation (the old link stops working). */
function SpocLiveSessionFeed(element, client, t) {
    'use strict';
    var panel = element.querySelector('.spoc-live-session-feed');
    var subscribe = panel.querySelector('.spoc-live-session-feed-subscribe');
    var url = panel.querySelector('.spoc-live-session-feed-url');
    var links = null;
    panel.hidden = false;
    function show(answer) {
        var https = new URL(answer.https_url, window.location.href).href;
        links = {https: https, webcal: answer.webcal_url || https.replace(/^https?:/, 'webcal:')};
        subscribe.href = links.webcal;
        url.value = links.https;
        panel.querySelector('.spoc-live-session-feed-link').hidden = false;
        return links;
    }
    function fetchLinks(reset) {
        return client.call('calendar_feed', {reset: reset}).then(show).catch(function (error) {
            client.say(error.error, 'error');
            throw error;
        });
    }
    subscribe.addEventListener('click', function (event) {
        if (links) { return; }
        event.preventDefault();
        fetchLinks(false).then(function () { window.location.href = links.webcal; });
    });
    panel.querySelector('.spoc-live-session-feed-copy').addEventListener('click', function () {
        url.select();
        (navigator.clipboard ? navigator.clipboard.writeText(url.value) : Promise.reject()).catch(function () {
            document.execCommand('copy');
        }).then(function () { client.say(t['Link copied.'], 'success'); });
    });
    var reset = panel.querySelector('.spoc-live-session-feed-reset');
    reset.addEventListener('click', function () {
        SpocDom.confirm(reset, t['Reset the link? Calendars subscribed with the old link stop updating.'])
            .then(function (yes) {
                if (!yes) { return; }
                fetchLinks(true).then(function () {
                    client.say(t['The link was reset: subscribe again with the new one.'], 'success', reset);
                    reset.focus();
                });
            });
    });
}

/* Course staff panel: a slot's roster, bulk attendance marking, check-in code, CSV export. */
function SpocLiveSessionStaff(runtime, element, client, t, slots, time) {
    'use strict';
    var fill = SpocDom.fill, el = SpocDom.el, cell = SpocDom.cell;
    var panel = SpocDom.root(element).querySelector('.spoc-live-session-staff');
    var select = panel.querySelector('.spoc-live-session-staff-slot');
    // Slots are named by their start in the tutor's zone (and language, cohorts), never by their internal id.
    slots.forEach(function (slot) {
        var option = el('option');
        option.value = slot.id;
        var extra = [slot.language].concat(slot.cohorts).filter(Boolean).join(', ');
        option.textContent = time.withZone(slot.start) +
            (extra ? ' (' + extra + ')' : '');
        select.appendChild(option);
    });
    function show(data) {
        panel.querySelector('.spoc-live-session-staff-counts').textContent = fill(
            t['Registered: {r} · Waitlisted: {w} · Attended: {a}'],
            {r: data.registered, w: data.waitlisted, a: data.attended});
        panel.querySelector('.spoc-live-session-staff-code').textContent = data.checkin_code ?
            fill(t['Check-in code: {code}'], {code: data.checkin_code}) : '';
        panel.querySelector('.spoc-live-session-code-form').hidden = !data.checkin_code;
        var head = panel.querySelector('.spoc-live-session-roster thead');
        var body = panel.querySelector('.spoc-live-session-roster tbody');
        head.textContent = '';
        body.textContent = '';
        var all = el('input');
        all.type = 'checkbox';
        all.setAttribute('aria-label', t['Select all']);
        all.addEventListener('change', function () {
            body.querySelectorAll('input[type=checkbox]').forEach(function (box) { box.checked = all.checked; });
        });
        SpocDom.headerRow(head, [all, t.Learner, t.Status, t.Attended, t['Watched the recording']]);
        if (!data.roster.length) {
            var empty = el('tr');
            cell(empty, t['No registration yet.']).colSpan = 5;
            body.appendChild(empty);
        }
        data.roster.forEach(function (learner) {
            var row = el('tr');
            row.setAttribute('data-username', learner.username);
            var box = el('input');
            box.type = 'checkbox';
            box.value = learner.username;
            box.setAttribute('aria-label', learner.full_name || learner.username);
            cell(row, '').appendChild(box);
            cell(row, learner.full_name ? learner.full_name + ' (' + learner.username + ')' : learner.username);
            cell(row, t[learner.status] || learner.status);
            cell(row, learner.attended ? '✔' : '').className = 'spoc-live-session-roster-attended';
            cell(row, learner.watched_recording ? '✔' : '');
            body.appendChild(row);
        });
        panel.querySelector('.spoc-live-session-csv').href = runtime.handlerUrl(
            element, 'roster_csv', '', 'slot=' + encodeURIComponent(select.value));
    }
    /* Answers can come back out of order (a slot chosen while the first roster loads): only the answer
       to the latest request is shown, so the table is always the selected slot's. */
    var latestOnly = client.latestOnly();
    var rosterBody = panel.querySelector('.spoc-live-session-roster tbody');
    function load() {
        if (!select.value) { return; }
        panel.querySelector('.spoc-live-session-roster thead').textContent = '';
        var loadingRow = el('tr');
        SpocDom.loading(cell(loadingRow, ''), client.texts);
        rosterBody.textContent = '';
        rosterBody.appendChild(loadingRow);
        client.call('staff_roster', {slot_id: select.value}).then(latestOnly(show), client.failNear(select));
    }
    function mark(attended, control) {
        var usernames = Array.prototype.map.call(
            panel.querySelectorAll('tbody input[type=checkbox]:checked'), function (box) { return box.value; });
        if (!usernames.length) { client.say(t['Select learners first.'], 'error', control); return; }
        client.call('mark_attendance', {slot_id: select.value, usernames: usernames, attended: attended}, {busy: control})
            .then(latestOnly(function (data) { show(data); client.say(t['Saved.'], 'success', control); }),
                  client.failNear(control));
    }
    /* A new random check-in code for the slot, or the host's own (empty: a random one). */
    var codeForm = panel.querySelector('.spoc-live-session-code-form');
    var codeInput = codeForm.elements.code;
    function setCode(code, control) {
        codeInput.removeAttribute('aria-invalid');
        return client.call('set_checkin_code', {slot_id: select.value, code: code}, {busy: control})
            .then(latestOnly(function (data) {
                show(data);
                codeInput.value = '';
                client.say(t['Saved.'], 'success', control);
            }), function (error) {
                client.say(error.error, 'error', control);
                codeInput.setAttribute('aria-invalid', 'true');
                SpocDom.focus(codeInput);
            });
    }
    var newCode = codeForm.querySelector('.spoc-live-session-new-code');
    newCode.addEventListener('click', function () { setCode('', newCode); });
    codeForm.addEventListener('submit', function (event) {
        event.preventDefault();
        var own = codeInput.value.trim();
        if (own) { setCode(own, codeForm.querySelector('.spoc-live-session-set-code')); }
    });
    select.addEventListener('change', load);
    var markButton = panel.querySelector('.spoc-live-session-mark');
    var unmarkButton = panel.querySelector('.spoc-live-session-unmark');
    markButton.addEventListener('click', function () { mark(true, markButton); });
    unmarkButton.addEventListener('click', function () { mark(false, unmarkButton); });
    load();
}
