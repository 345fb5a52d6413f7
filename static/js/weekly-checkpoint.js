/* Weekly checkpoint: the learner's form, and the tutor's follow-up table, help replies and nudges. */
function SpocWeeklyCheckpoint(runtime, element, args) {
    'use strict';
    args = SpocArgs(element, args);
    var root = element.querySelector ? element : element[0];
    var client = new SpocClient(runtime, root);
    var S = args.strings;
    var form = root.querySelector('.wc-form');
    var table = null;

    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (all, key) {
            return values[key] === undefined ? all : values[key];
        });
    }
    function fail(error) { client.say(error.error || String(error), 'error'); }

    // ----- learner -----
    var needHelp = root.querySelector('.wc-need-help');
    var helpMessage = root.querySelector('.wc-help-message');
    if (needHelp) {
        needHelp.addEventListener('change', function () { helpMessage.hidden = !needHelp.checked; });
    }
    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var answers = {};
        root.querySelectorAll('.wc-answer').forEach(function (area) { answers[area.name] = area.value; });
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
            form.querySelector('.wc-submit').textContent = S.saveChanges;
            if (needHelp) { needHelp.checked = false; helpMessage.value = ''; helpMessage.hidden = true; }
        }, fail);
    });

    // ----- tutor -----
    var followup = root.querySelector('.wc-followup');
    if (!followup || !followup.querySelector('.wc-cohort')) { return; }
    var cohortSelect = followup.querySelector('.wc-cohort');
    var area = followup.querySelector('.wc-table-area');

    function cell(row, text, className) {
        var td = document.createElement('td');
        td.textContent = text;
        if (className) { td.className = className; }
        row.appendChild(td);
        return td;
    }

    function renderTable(body) {
        var sameCohort = table !== null && table.cohort.id === body.cohort.id;
        table = body;
        followup.querySelector('.wc-counts').textContent = fill(S.counts, body.counts);
        followup.querySelector('.wc-distribution').textContent = fill(S.distribution, {
            levels: Object.keys(body.confidence).map(function (level) {
                return level + ': ' + body.confidence[level];
            }).join(', ')
        });
        var head = followup.querySelector('.wc-table thead');
        head.textContent = '';
        var headRow = document.createElement('tr');
        [S.select, S.learner, S.status, S.confidence, S.reasons, S.lastNudged].forEach(function (title) {
            var th = document.createElement('th');
            th.textContent = title;
            headRow.appendChild(th);
        });
        head.appendChild(headRow);
        var tbody = followup.querySelector('.wc-table tbody');
        var picked = {};
        tbody.querySelectorAll('.wc-pick:checked').forEach(function (box) { picked[box.value] = true; });
        tbody.textContent = '';
        var statusText = {submitted: S.submitted, late: S.lateStatus, missing: S.missing};
        body.learners.forEach(function (learner) {
            var row = document.createElement('tr');
            row.dataset.username = learner.username;
            var box = document.createElement('input');
            box.type = 'checkbox';
            box.className = 'wc-pick';
            box.value = learner.user_id;
            box.checked = sameCohort && Boolean(picked[learner.user_id]);
            box.setAttribute('aria-label', learner.username);
            cell(row, '').appendChild(box);
            cell(row, learner.full_name ? learner.full_name + ' (' + learner.username + ')' : learner.username);
            cell(row, statusText[learner.status]);
            cell(row, learner.confidence === null ? '' : String(learner.confidence));
            cell(row, learner.reasons.map(function (code) { return args.reasons[code]; }).join('; '),
                learner.reasons.length ? 'wc-at-risk' : '');
            cell(row, learner.last_nudged ? new Date(learner.last_nudged).toLocaleString() : '');
            tbody.appendChild(row);
        });
        renderHelp(body.help_requests);
        area.hidden = false;
    }

    function renderHelp(requests) {
        var box = followup.querySelector('.wc-help-requests');
        box.textContent = '';
        if (!requests.length) {
            box.textContent = S.noHelp;
            return;
        }
        requests.forEach(function (item) {
            var div = document.createElement('div');
            div.className = 'wc-help-request';
            div.dataset.id = item.id;
            var who = document.createElement('p');
            who.textContent = fill(S.askedBy, {user: item.username});
            var message = document.createElement('blockquote');
            message.textContent = item.message;
            var reply = document.createElement('textarea');
            reply.className = 'wc-reply-text';
            reply.rows = 2;
            reply.maxLength = 2000;
            reply.value = item.reply || '';
            reply.setAttribute('aria-label', S.reply);
            div.appendChild(who);
            div.appendChild(message);
            div.appendChild(reply);
            [[S.reply, false], [S.replyResolve, true]].forEach(function (spec) {
                var button = document.createElement('button');
                button.type = 'button';
                button.textContent = spec[0];
                button.className = spec[1] ? 'wc-reply-resolve' : 'wc-reply-send';
                button.addEventListener('click', function () {
                    client.call('reply_help', {help_request_id: item.id, reply: reply.value, resolve: spec[1]})
                        .then(function () { client.say(S.replied, 'success'); load(); }, fail);
                });
                div.appendChild(button);
            });
            var resolve = document.createElement('button');
            resolve.type = 'button';
            resolve.className = 'spoc-secondary wc-resolve';
            resolve.textContent = S.resolve;
            resolve.addEventListener('click', function () {
                client.call('resolve_help', {help_request_id: item.id})
                    .then(function () { client.say(S.resolved, 'success'); load(); }, fail);
            });
            div.appendChild(resolve);
            box.appendChild(div);
        });
    }

    var loads = 0;
    function load() {  // only the latest answer is shown: the table is always the last chosen cohort's
        var ticket = ++loads;
        return client.call('followup', {cohort_id: parseInt(cohortSelect.value, 10)}).then(function (body) {
            if (ticket === loads) { renderTable(body); }
        }, fail);
    }

    followup.querySelector('.wc-load').addEventListener('click', load);
    followup.querySelector('.wc-select-risk').addEventListener('click', function () {
        var risky = {};
        table.learners.forEach(function (learner) { risky[learner.user_id] = learner.reasons.length > 0; });
        followup.querySelectorAll('.wc-pick').forEach(function (box) { box.checked = risky[box.value]; });
    });
    followup.querySelector('.wc-nudge').addEventListener('click', function () {
        var ids = Array.prototype.map.call(followup.querySelectorAll('.wc-pick:checked'),
            function (box) { return parseInt(box.value, 10); });
        if (!ids.length) { client.say(S.nothingSelected, 'error'); return; }
        client.call('nudge', {
            cohort_id: parseInt(cohortSelect.value, 10), user_ids: ids,
            note: followup.querySelector('.wc-note').value,
            insist: followup.querySelector('.wc-insist').checked,
            url: window.location.href
        }).then(function (body) {
            client.say(fill(S.nudged, {
                nudged: body.nudged.join(', ') || S.none, skipped: body.skipped.join(', ') || S.none
            }), 'success');
            load();
        }, fail);
    });
}
