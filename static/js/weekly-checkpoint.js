/* Weekly checkpoint: the learner's form, and the tutor's follow-up table, help replies and nudges. */
function SpocWeeklyCheckpoint(runtime, element, args) {
    'use strict';
    var view = SpocView(runtime, element, args), root = view.root, client = view.client, time = view.time;
    args = view.args;
    var S = args.strings;
    var form = root.querySelector('.spoc-weekly-checkpoint-form');
    var table = null;

    var fill = SpocDom.fill, el = SpocDom.el, button = SpocDom.button, cell = SpocDom.cell;
    time.localize(root);

    // ----- learner -----
    var needHelp = root.querySelector('.spoc-weekly-checkpoint-need-help');
    var helpMessage = root.querySelector('.spoc-weekly-checkpoint-help-message');
    var submitButton = form.querySelector('.spoc-weekly-checkpoint-submit');
    if (needHelp) {
        needHelp.addEventListener('change', function () {
            helpMessage.hidden = !needHelp.checked;
            if (needHelp.checked) { helpMessage.focus(); }
        });
    }

    /* Fields the server will refuse (answers too short, an empty help request), marked aria-invalid (each answer is
       described by its length hint); the server's message says why. Returns the invalid ones. */
    function markFields() {
        var invalid = [];
        root.querySelectorAll('.spoc-weekly-checkpoint-answer').forEach(function (area) {
            var min = parseInt(area.getAttribute('data-min-length') || '0', 10);
            var bad = area.value.length < min;
            area.setAttribute('aria-invalid', String(bad));
            if (bad) { invalid.push(area); }
        });
        if (helpMessage) {
            var empty = needHelp.checked && !helpMessage.value;
            helpMessage.setAttribute('aria-invalid', String(empty));
            if (empty) { invalid.push(helpMessage); }
        }
        return invalid;
    }

    /* The "Submitted" badge and the learner's help requests, from the server's answer (no reload). */
    function showSubmitted(body) {
        var status = root.querySelector('.spoc-weekly-checkpoint-status');
        if (!status) {
            status = el('p', 'spoc-weekly-checkpoint-status');
            form.insertAdjacentElement('beforebegin', status);
        }
        status.textContent = '';
        status.appendChild(el('span', 'spoc-badge', body.is_late ? S.submittedLate : S.submitted));
        if (!body.is_late) { status.appendChild(document.createTextNode(' ' + S.editUntilDue)); }
        var section = root.querySelector('.spoc-weekly-checkpoint-my-help');
        var requests = body.state.help_requests;
        if (!requests.length) { return; }
        if (!section) {
            section = el('section', 'spoc-weekly-checkpoint-my-help');
            root.querySelector('.spoc-message').insertAdjacentElement('afterend', section);
        }
        section.textContent = '';
        section.appendChild(el('h4', null, S.myHelp));
        requests.forEach(function (item) {
            var div = el('div', 'spoc-weekly-checkpoint-help-item');
            div.dataset.status = item.status;
            var asked = el('p');
            asked.appendChild(el('strong', null, S.youAsked));
            asked.appendChild(document.createTextNode(' ' + item.message));
            div.appendChild(asked);
            if (item.reply) {
                var reply = el('p', 'spoc-weekly-checkpoint-reply');
                reply.appendChild(el('strong', null, S.tutorReplied));
                reply.appendChild(document.createTextNode(' ' + item.reply));
                div.appendChild(reply);
            } else {
                div.appendChild(el('p', 'spoc-muted', S.notReplied));
            }
            section.appendChild(div);
        });
    }

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var invalid = markFields();
        var answers = {};
        root.querySelectorAll('.spoc-weekly-checkpoint-answer').forEach(function (area) {
            answers[area.name] = area.value;
        });
        var level = form.querySelector('input[name=confidence]:checked');
        var data = {
            checked_items: Array.prototype.map.call(form.querySelectorAll('input[name=item]:checked'),
                function (box) { return box.value; }),
            answers: answers,
            confidence: level ? parseInt(level.value, 10) : null,
            need_help: Boolean(needHelp && needHelp.checked),
            help_message: helpMessage ? helpMessage.value : ''
        };
        client.call('submit', data, {busy: submitButton}).then(function (body) {
            showSubmitted(body);
            var message = body.is_late ? S.late : S.saved;
            submitButton.textContent = S.saveChanges;
            if (needHelp) { needHelp.checked = false; helpMessage.value = ''; helpMessage.hidden = true; }
            SpocDom.focus(client.say(data.need_help ? message + ' ' + S.helpSent : message, 'success'));
        }, function (error) {
            var box = client.say(error.error, 'error');
            SpocDom.focus(invalid[0] || box);
        });
    });

    // ----- tutor -----
    var followup = root.querySelector('.spoc-weekly-checkpoint-followup');
    if (!followup || !followup.querySelector('.spoc-weekly-checkpoint-cohort')) { return; }
    var cohortSelect = followup.querySelector('.spoc-weekly-checkpoint-cohort');
    var area = followup.querySelector('.spoc-weekly-checkpoint-table-area');
    var scopeToggle = followup.querySelector('.spoc-weekly-checkpoint-scope-toggle');
    var mine = null;  // null: the server's default (an assigned tutor's own learners, else all)
    var drafts = {};  // help request id -> reply typed and not sent yet: kept when the table is reloaded

    function renderTable(body) {
        var sameCohort = table !== null && table.cohort.id === body.cohort.id;
        table = body;
        followup.querySelector('.spoc-weekly-checkpoint-cohort-due').textContent =
            body.due ? fill(S.cohortDue, {due: time.withZone(body.due)}) : '';
        mine = body.mine;
        followup.querySelector('.spoc-weekly-checkpoint-scope').textContent =
            fill(body.mine ? S.showingMine : S.showingAll, {cohort: body.cohort.name});
        scopeToggle.textContent = body.mine ? S.showAll : S.showMine;
        followup.querySelector('.spoc-weekly-checkpoint-counts').textContent = fill(S.counts, body.counts);
        followup.querySelector('.spoc-weekly-checkpoint-distribution').textContent = fill(S.distribution, {
            levels: Object.keys(body.confidence).map(function (level) {
                return fill(S.level, {level: level, count: body.confidence[level]});
            }).join(', ')
        });
        var head = followup.querySelector('.spoc-weekly-checkpoint-table thead');
        head.textContent = '';
        SpocDom.headerRow(head, [S.select, S.learner, S.status, S.confidence, S.reasons, S.lastNudged]);
        var tbody = followup.querySelector('.spoc-weekly-checkpoint-table tbody');
        var picked = {};
        tbody.querySelectorAll('.spoc-weekly-checkpoint-pick:checked').forEach(function (box) {
            picked[box.value] = true;
        });
        tbody.textContent = '';
        var statusText = {submitted: S.submitted, late: S.lateStatus, missing: S.missing};
        body.learners.forEach(function (learner) {
            var row = el('tr');
            row.dataset.username = learner.username;
            var box = el('input', 'spoc-weekly-checkpoint-pick');
            box.type = 'checkbox';
            box.value = learner.user_id;
            box.checked = sameCohort && Boolean(picked[learner.user_id]);
            box.setAttribute('aria-label', learner.username);
            cell(row, '').appendChild(box);
            cell(row, learner.full_name ? learner.full_name + ' (' + learner.username + ')' : learner.username);
            cell(row, statusText[learner.status]);
            cell(row, learner.confidence === null ? '' : String(learner.confidence));
            cell(row, learner.reasons.map(function (code) { return args.reasons[code]; }).join('; '),
                learner.reasons.length ? 'spoc-weekly-checkpoint-at-risk' : '');
            cell(row, learner.last_nudged ? time.format(learner.last_nudged) : '');
            tbody.appendChild(row);
        });
        renderHelp(body.help_requests);
        area.hidden = false;
    }

    /* Help requests not resolved yet: those waiting for a reply first, then those replied (marked "Replied"). */
    function renderHelp(requests) {
        var box = followup.querySelector('.spoc-weekly-checkpoint-help-requests');
        var focused = document.activeElement && box.contains(document.activeElement) ?
            document.activeElement.closest('.spoc-weekly-checkpoint-help-request') : null;
        box.textContent = '';
        if (!requests.length) {
            box.textContent = S.noHelp;
            return;
        }
        var waiting = requests.filter(function (item) { return !item.reply; });
        var replied = requests.filter(function (item) { return item.reply; });
        [[S.waitingReply, waiting], [S.repliedOpen, replied]].forEach(function (group) {
            if (!group[1].length) { return; }
            box.appendChild(el('h6', 'spoc-weekly-checkpoint-help-group', group[0]));
            group[1].forEach(function (item) { box.appendChild(helpItem(item)); });
        });
        var again = focused && box.querySelector(
            '.spoc-weekly-checkpoint-help-request[data-id="' + Number(focused.dataset.id) + '"] textarea');
        if (again) { again.focus(); }
    }

    function helpItem(item) {
        var div = el('div', 'spoc-weekly-checkpoint-help-request spoc-feedback spoc-inline-buttons');
        div.dataset.id = item.id;
        var who = el('p', null, fill(S.askedBy, {user: item.username}));
        if (item.reply) {
            who.appendChild(document.createTextNode(' '));
            who.appendChild(el('span', 'spoc-badge spoc-weekly-checkpoint-replied', S.repliedBadge));
        }
        var message = el('blockquote', null, item.message);
        var reply = el('textarea', 'spoc-weekly-checkpoint-reply-text');
        reply.rows = 2;
        reply.maxLength = 2000;
        reply.value = (item.id in drafts) ? drafts[item.id] : item.reply || '';
        reply.setAttribute('aria-label', S.reply);
        reply.addEventListener('input', function () { drafts[item.id] = reply.value; });
        div.appendChild(who);
        div.appendChild(message);
        div.appendChild(reply);
        [[S.reply, false], [S.replyResolve, true]].forEach(function (spec) {
            var className = spec[1] ? 'spoc-weekly-checkpoint-reply-resolve' : 'spoc-weekly-checkpoint-reply-send';
            var send = button(spec[0], className, function () {
                client.call('reply_help', {help_request_id: item.id, reply: reply.value, resolve: spec[1]}, {busy: send})
                    .then(function () {
                        delete drafts[item.id];
                        afterHelp(item.id, spec[1] ? S.resolved : S.replied);
                    }, function (error) {
                        reply.setAttribute('aria-invalid', 'true');
                        client.say(error.error, 'error', send);
                    });
            });
            div.appendChild(send);
        });
        var resolve = button(S.resolve, 'spoc-secondary spoc-weekly-checkpoint-resolve', function () {
            client.call('resolve_help', {help_request_id: item.id}, {busy: resolve})
                .then(function () {
                    delete drafts[item.id];
                    afterHelp(item.id, S.resolved);
                }, client.failNear(resolve));
        });
        div.appendChild(resolve);
        return div;
    }

    /* After a reply or resolution: the table reloaded, the message next to the request (or its list) and focused. */
    function afterHelp(id, message) {
        load().then(function () {
            var item = followup.querySelector('.spoc-weekly-checkpoint-help-request[data-id="' + Number(id) + '"]');
            SpocDom.focus(client.say(message, 'success', item || followup.querySelector('.spoc-weekly-checkpoint-help-requests')));
        });
    }

    var latestOnly = client.latestOnly();
    var loadButton = followup.querySelector('.spoc-weekly-checkpoint-load');
    /* Only the latest answer is shown: the table is always the last chosen cohort's. While it loads, the previous
       cohort's table is gone (never shown under another cohort's name), and a failure is said in words. */
    function load() {
        var cohortId = parseInt(cohortSelect.value, 10);
        if (!table || table.cohort.id !== cohortId) {
            area.hidden = true;
            table = null;
            followup.querySelector('.spoc-weekly-checkpoint-table tbody').textContent = '';
            client.say(client.texts.loading, 'loading', loadButton);
        }
        return client.call('followup', {cohort_id: cohortId, mine: mine})
            .then(latestOnly(function (body) {
                renderTable(body);
                if (client.box && client.box.classList.contains('spoc-message-loading')) { client.say(''); }
            }), client.failNear(loadButton));
    }

    loadButton.addEventListener('click', load);
    cohortSelect.addEventListener('change', function () { mine = null; load(); });
    scopeToggle.addEventListener('click', function () { mine = !table.mine; load(); });
    followup.querySelector('.spoc-weekly-checkpoint-select-risk').addEventListener('click', function () {
        var risky = {};
        table.learners.forEach(function (learner) { risky[learner.user_id] = learner.reasons.length > 0; });
        followup.querySelectorAll('.spoc-weekly-checkpoint-pick').forEach(function (box) {
            box.checked = risky[box.value];
        });
    });
    var nudgeButton = followup.querySelector('.spoc-weekly-checkpoint-nudge');
    nudgeButton.addEventListener('click', function () {
        var ids = Array.prototype.map.call(followup.querySelectorAll('.spoc-weekly-checkpoint-pick:checked'),
            function (box) { return parseInt(box.value, 10); });
        if (!ids.length) { client.say(S.nothingSelected, 'error', nudgeButton); return; }
        client.call('nudge', {
            cohort_id: table.cohort.id, user_ids: ids,  // the cohort shown, whatever the list says meanwhile
            note: followup.querySelector('.spoc-weekly-checkpoint-note').value,
            insist: followup.querySelector('.spoc-weekly-checkpoint-insist').checked,
            url: window.location.href
        }, {busy: nudgeButton}).then(function (body) {
            var text = fill(S.nudged, {
                nudged: body.nudged.join(', ') || S.none, skipped: body.skipped.join(', ') || S.none
            });
            return load().then(function () { client.say(text, 'success', nudgeButton); });
        }, client.failNear(nudgeButton));
    });
}
