/* Weekly checkpoint: the learner's form, and the tutor's follow-up table, help replies and nudges. */
function SpocWeeklyCheckpoint(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var root = SpocDom.root(element);
    var client = new SpocClient(runtime, root);
    SpocMessages.wire(client);
    var S = args.strings;
    var form = root.querySelector('.spoc-weekly-checkpoint-form');
    var table = null;

    var fill = SpocDom.fill, el = SpocDom.el, button = SpocDom.button, cell = SpocDom.cell;
    function fail(error) { client.say(error.error || String(error), 'error'); }

    // ----- learner -----
    var needHelp = root.querySelector('.spoc-weekly-checkpoint-need-help');
    var helpMessage = root.querySelector('.spoc-weekly-checkpoint-help-message');
    if (needHelp) {
        needHelp.addEventListener('change', function () { helpMessage.hidden = !needHelp.checked; });
    }
    form.addEventListener('submit', function (event) {
        event.preventDefault();
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
        client.call('submit', data).then(function (body) {
            var message = body.is_late ? S.late : S.saved;
            client.say(data.need_help ? message + ' ' + S.helpSent : message, 'success');
            form.querySelector('.spoc-weekly-checkpoint-submit').textContent = S.saveChanges;
            if (needHelp) { needHelp.checked = false; helpMessage.value = ''; helpMessage.hidden = true; }
        }, fail);
    });

    // ----- tutor -----
    var followup = root.querySelector('.spoc-weekly-checkpoint-followup');
    if (!followup || !followup.querySelector('.spoc-weekly-checkpoint-cohort')) { return; }
    var cohortSelect = followup.querySelector('.spoc-weekly-checkpoint-cohort');
    var area = followup.querySelector('.spoc-weekly-checkpoint-table-area');
    var scopeToggle = followup.querySelector('.spoc-weekly-checkpoint-scope-toggle');
    var mine = null;  // null: the server's default (an assigned tutor's own learners, else all)

    function renderTable(body) {
        var sameCohort = table !== null && table.cohort.id === body.cohort.id;
        table = body;
        followup.querySelector('.spoc-weekly-checkpoint-cohort-due').textContent =
            body.due ? fill(S.cohortDue, {due: body.due.slice(0, 16).replace('T', ' ') + ' UTC'}) : '';
        mine = body.mine;
        followup.querySelector('.spoc-weekly-checkpoint-scope').textContent =
            fill(body.mine ? S.showingMine : S.showingAll, {cohort: body.cohort.name});
        scopeToggle.textContent = body.mine ? S.showAll : S.showMine;
        followup.querySelector('.spoc-weekly-checkpoint-counts').textContent = fill(S.counts, body.counts);
        followup.querySelector('.spoc-weekly-checkpoint-distribution').textContent = fill(S.distribution, {
            levels: Object.keys(body.confidence).map(function (level) {
                return level + ': ' + body.confidence[level];
            }).join(', ')
        });
        var head = followup.querySelector('.spoc-weekly-checkpoint-table thead');
        head.textContent = '';
        var headRow = el('tr');
        [S.select, S.learner, S.status, S.confidence, S.reasons, S.lastNudged].forEach(function (title) {
            headRow.appendChild(el('th', null, title));
        });
        head.appendChild(headRow);
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
            cell(row, learner.last_nudged ? new Date(learner.last_nudged).toLocaleString() : '');
            tbody.appendChild(row);
        });
        renderHelp(body.help_requests);
        area.hidden = false;
    }

    function renderHelp(requests) {
        var box = followup.querySelector('.spoc-weekly-checkpoint-help-requests');
        box.textContent = '';
        if (!requests.length) {
            box.textContent = S.noHelp;
            return;
        }
        requests.forEach(function (item) {
            var div = el('div', 'spoc-weekly-checkpoint-help-request');
            div.dataset.id = item.id;
            var who = el('p', null, fill(S.askedBy, {user: item.username}));
            var message = el('blockquote', null, item.message);
            var reply = el('textarea', 'spoc-weekly-checkpoint-reply-text');
            reply.rows = 2;
            reply.maxLength = 2000;
            reply.value = item.reply || '';
            reply.setAttribute('aria-label', S.reply);
            div.appendChild(who);
            div.appendChild(message);
            div.appendChild(reply);
            [[S.reply, false], [S.replyResolve, true]].forEach(function (spec) {
                var className = spec[1] ? 'spoc-weekly-checkpoint-reply-resolve' : 'spoc-weekly-checkpoint-reply-send';
                div.appendChild(button(spec[0], className, function () {
                    client.call('reply_help', {help_request_id: item.id, reply: reply.value, resolve: spec[1]})
                        .then(function () { client.say(S.replied, 'success'); load(); }, fail);
                }));
            });
            div.appendChild(button(S.resolve, 'spoc-secondary spoc-weekly-checkpoint-resolve', function () {
                client.call('resolve_help', {help_request_id: item.id})
                    .then(function () { client.say(S.resolved, 'success'); load(); }, fail);
            }));
            box.appendChild(div);
        });
    }

    var latestOnly = client.latestOnly();
    function load() {  // only the latest answer is shown: the table is always the last chosen cohort's
        return client.call('followup', {cohort_id: parseInt(cohortSelect.value, 10), mine: mine})
            .then(latestOnly(renderTable), fail);
    }

    followup.querySelector('.spoc-weekly-checkpoint-load').addEventListener('click', load);
    cohortSelect.addEventListener('change', function () { mine = null; });
    scopeToggle.addEventListener('click', function () { mine = !table.mine; load(); });
    followup.querySelector('.spoc-weekly-checkpoint-select-risk').addEventListener('click', function () {
        var risky = {};
        table.learners.forEach(function (learner) { risky[learner.user_id] = learner.reasons.length > 0; });
        followup.querySelectorAll('.spoc-weekly-checkpoint-pick').forEach(function (box) {
            box.checked = risky[box.value];
        });
    });
    followup.querySelector('.spoc-weekly-checkpoint-nudge').addEventListener('click', function () {
        var ids = Array.prototype.map.call(followup.querySelectorAll('.spoc-weekly-checkpoint-pick:checked'),
            function (box) { return parseInt(box.value, 10); });
        if (!ids.length) { client.say(S.nothingSelected, 'error'); return; }
        client.call('nudge', {
            cohort_id: parseInt(cohortSelect.value, 10), user_ids: ids,
            note: followup.querySelector('.spoc-weekly-checkpoint-note').value,
            insist: followup.querySelector('.spoc-weekly-checkpoint-insist').checked,
            url: window.location.href
        }).then(function (body) {
            client.say(fill(S.nudged, {
                nudged: body.nudged.join(', ') || S.none, skipped: body.skipped.join(', ') || S.none
            }), 'success');
            load();
        }, fail);
    });
}
