/* Learner and staff view of the spoc_live_session block: slots in the browser's time zone, countdowns,
   registration, waitlist, calendar, Join window, check-in, recording; staff roster and attendance. */
function SpocLiveSession(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var client = new SpocClient(runtime, element);
    SpocMessages.wire(client);
    var t = args.strings;
    var state = args.state;
    // The server's clock decides; the browser only shows it: keep the offset between the two clocks.
    var skew = Date.parse(args.now) - Date.now();
    var $ = function (selector) { return element.querySelector(selector); };

    var fill = SpocDom.fill, el = SpocDom.el, button = SpocDom.button;

    function now() { return Date.now() + skew; }
    function link(label, href, className) {
        var node = el('a', className, label);
        node.href = href;
        node.target = '_blank';
        node.rel = 'noopener noreferrer';
        return node;
    }
    function duration(ms) {
        var minutes = Math.max(0, Math.ceil(ms / 60000));
        var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), rest = minutes % 60;
        if (ms < 60000) { return Math.max(0, Math.ceil(ms / 1000)) + ' s'; }
        return (days ? days + ' d ' : '') + (days || hours ? hours + ' h ' : '') + rest + ' min';
    }
    var dateFormat = new Intl.DateTimeFormat(undefined, {
        weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'
    });
    var timeFormat = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', timeZoneName: 'short'});

    function clientState(slot) {
        var time = now();
        if (time >= Date.parse(slot.end)) { return 'ended'; }
        return time >= Date.parse(slot.start) ? 'live' : 'upcoming';
    }

    function act(handler, data) {
        client.say('');
        return client.call(handler, data).then(function (fresh) {
            state = fresh;
            render();
            return fresh;
        }).catch(function (error) {
            client.say(error.error, 'error');
            throw error;
        });
    }

    function slotItem(slot) {
        var item = el('li', 'spoc-live-session-slot');
        item.setAttribute('data-slot-id', slot.id);
        var when = el('p', 'spoc-live-session-when');
        var time = el('time', null, dateFormat.format(new Date(slot.start)) + ' – ' +
                      timeFormat.format(new Date(slot.end)));
        time.setAttribute('datetime', slot.start);
        when.appendChild(time);
        when.appendChild(document.createTextNode(' '));
        when.appendChild(el('span', 'spoc-badge spoc-live-session-state'));
        item.appendChild(when);
        var facts = [fill(t['{d} min'], {d: slot.duration})];
        if (slot.language) { facts.push(fill(t['Language: {lang}'], {lang: slot.language})); }
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
        if (slot.attended) { item.appendChild(el('p', 'spoc-badge spoc-live-session-attended', t.Attended)); }
        var actions = el('p', 'spoc-live-session-actions');
        if (slot.can_register) {
            var full = slot.seats_left === 0;
            actions.appendChild(button(full ? t['Join the waitlist'] : t.Register, 'spoc-live-session-register',
                                       function () { act('register', {slot_id: slot.id}); }));
        }
        if (slot.my_status && slot.state !== 'ended') {
            actions.appendChild(button(slot.my_status === 'registered' ? t['Cancel my registration'] :
                                       t['Leave the waitlist'], 'spoc-secondary spoc-live-session-cancel', function () {
                act('cancel', {slot_id: slot.id});
            }));
        }
        if (slot.may_join) {
            actions.appendChild(button(t.Join, 'spoc-live-session-join', function () { join(slot); }));
        }
        item.appendChild(actions);
        if (slot.may_join && state.attendance_method === 'code' && !slot.attended) {
            var form = el('form', 'spoc-live-session-checkin');
            var label = el('label', null, t['Check-in code'] + ' ');
            var input = el('input');
            input.name = 'code';
            input.autocomplete = 'off';
            input.maxLength = 64;
            label.appendChild(input);
            form.appendChild(label);
            var submit = el('button', 'spoc-secondary', t['Check in']);
            submit.type = 'submit';
            form.appendChild(submit);
            form.addEventListener('submit', function (event) {
                event.preventDefault();
                act('check_in', {slot_id: slot.id, code: input.value});
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

    function join(slot) {
        // Opened now (inside the click) so that pop-up blockers allow it; pointed at the room once allowed.
        var room = window.open('', '_blank');
        act('join', {slot_id: slot.id}).then(function (answer) {
            if (room) { room.opener = null; room.location.href = answer.join_url; }
        }).catch(function () { if (room) { room.close(); } });
    }

    /* Time-dependent parts: state badge, countdown, Join button, recording. Runs every second. */
    function tick() {
        var anyEnded = false;
        state.slots.forEach(function (slot) {
            var item = element.querySelector('.spoc-live-session-slot[data-slot-id="' + CSS.escape(slot.id) + '"]');
            if (!item) { return; }
            var current = clientState(slot), time = now();
            anyEnded = anyEnded || current === 'ended';
            item.setAttribute('data-state', current);
            item.querySelector('.spoc-live-session-state').textContent = t['state.' + current];
            var countdown = item.querySelector('.spoc-live-session-countdown');
            var joinOpens = Date.parse(slot.join_opens);
            if (current === 'upcoming') {
                countdown.textContent = fill(t['Starts in {t}'], {t: duration(Date.parse(slot.start) - time)});
            } else if (current === 'live') {
                countdown.textContent = fill(t['Ends in {t}'], {t: duration(Date.parse(slot.end) - time)});
            } else {
                countdown.textContent = '';
            }
            var joinButton = item.querySelector('.spoc-live-session-join');
            if (joinButton) {
                var open = time >= joinOpens && current !== 'ended';
                joinButton.disabled = !open;
                joinButton.hidden = current === 'ended';
                joinButton.title = open ? '' : fill(t['Join opens in {t}'], {t: duration(joinOpens - time)});
            }
            var checkin = item.querySelector('.spoc-live-session-checkin');
            if (checkin) { checkin.hidden = !(time >= joinOpens && current !== 'ended'); }
            var cancel = item.querySelector('.spoc-live-session-cancel');
            if (cancel) { cancel.hidden = current === 'ended'; }
            var register = item.querySelector('.spoc-live-session-register');
            if (register) { register.hidden = current === 'ended'; }
        });
        var recording = $('.spoc-live-session-recording');
        recording.hidden = !(state.recording_url && anyEnded);
        $('.spoc-live-session-watched').hidden = !!state.watched_recording || !state.signed_in;
    }

    function render() {
        var list = $('.spoc-live-session-slots');
        list.textContent = '';
        state.slots.forEach(function (slot) { list.appendChild(slotItem(slot)); });
        if (!state.slots.length) { list.appendChild(el('li', 'spoc-muted', t['No slot is open to you.'])); }
        $('.spoc-live-session-completed').hidden = !state.completed;
        if (state.recording_url) { $('.spoc-live-session-recording-link').href = state.recording_url; }
        tick();
    }

    function watchedSlot() {
        var ended = state.slots.filter(function (slot) { return clientState(slot) === 'ended'; });
        var mine = ended.filter(function (slot) { return slot.my_status; });
        return (mine[0] || ended[ended.length - 1] || {}).id;
    }

    $('.spoc-live-session-watched').addEventListener('click', function () {
        act('watched_recording', {slot_id: watchedSlot()}).then(function () {
            client.say(t['You watched the recording.'], 'success');
        });
    });
    $('.spoc-live-session-tz').textContent = Intl.DateTimeFormat().resolvedOptions().timeZone || '';

    if (args.staff) { SpocLiveSessionStaff(runtime, element, client, t, state.slots); }
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
    panel.querySelector('.spoc-live-session-feed-reset').addEventListener('click', function () {
        if (!window.confirm(t['Reset the link? Calendars subscribed with the old link stop updating.'])) { return; }
        fetchLinks(true).then(function () {
            client.say(t['The link was reset: subscribe again with the new one.'], 'success');
        });
    });
}

/* Course staff panel: a slot's roster, bulk attendance marking, check-in code, CSV export. */
function SpocLiveSessionStaff(runtime, element, client, t, slots) {
    'use strict';
    var fill = SpocDom.fill, el = SpocDom.el, cell = SpocDom.cell;
    var panel = element.querySelector('.spoc-live-session-staff');
    var select = panel.querySelector('.spoc-live-session-staff-slot');
    var dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});
    slots.forEach(function (slot) {
        var option = el('option');
        option.value = slot.id;
        option.textContent = dateFormat.format(new Date(slot.start)) + ' (' + slot.id + ')';
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
        var header = el('tr');
        var all = el('input');
        all.type = 'checkbox';
        all.setAttribute('aria-label', t['Select all']);
        all.addEventListener('change', function () {
            body.querySelectorAll('input[type=checkbox]').forEach(function (box) { box.checked = all.checked; });
        });
        cell(header, '').appendChild(all);
        [t.Learner, t.Status, t.Attended, t['Watched the recording']].forEach(function (label) {
            cell(header, label);
        });
        head.appendChild(header);
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
            box.setAttribute('aria-label', learner.username);
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
    function load() {
        if (!select.value) { return; }
        client.call('staff_roster', {slot_id: select.value}).then(latestOnly(show)).catch(function (error) {
            client.say(error.error, 'error');
        });
    }
    function mark(attended) {
        var usernames = Array.prototype.map.call(
            panel.querySelectorAll('tbody input[type=checkbox]:checked'), function (box) { return box.value; });
        if (!usernames.length) { client.say(t['Select learners first.'], 'error'); return; }
        client.call('mark_attendance', {slot_id: select.value, usernames: usernames, attended: attended})
            .then(latestOnly(function (data) { show(data); client.say(t['Saved.'], 'success'); }))
            .catch(function (error) { client.say(error.error, 'error'); });
    }
    /* A new random check-in code for the slot, or the host's own (empty: a random one). */
    function setCode(code) {
        client.call('set_checkin_code', {slot_id: select.value, code: code})
            .then(latestOnly(function (data) { show(data); client.say(t['Saved.'], 'success'); }))
            .catch(function (error) { client.say(error.error, 'error'); });
    }
    var codeForm = panel.querySelector('.spoc-live-session-code-form');
    codeForm.querySelector('.spoc-live-session-new-code').addEventListener('click', function () { setCode(''); });
    codeForm.addEventListener('submit', function (event) {
        event.preventDefault();
        var own = codeForm.elements.code.value.trim();
        if (own) { setCode(own); codeForm.elements.code.value = ''; }
    });
    select.addEventListener('change', load);
    panel.querySelector('.spoc-live-session-mark').addEventListener('click', function () { mark(true); });
    panel.querySelector('.spoc-live-session-unmark').addEventListener('click', function () { mark(false); });
    load();
}
